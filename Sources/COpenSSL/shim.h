#ifndef TRAINYARD_COPENSSL_SHIM_H
#define TRAINYARD_COPENSSL_SHIM_H

// The subset of libcrypto (OpenSSL 3) that the Credentials module uses.
//
// Swift cannot call C macros, so every macro the Swift code needs is wrapped
// here in a `static inline` function with a `cossl_` prefix. Nothing in this
// header allocates on behalf of Swift beyond what the wrapped OpenSSL call does.

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>
#include <string.h>

/// Fetches the HMAC implementation (`OSSL_MAC_NAME_HMAC`) from the default library context.
static inline EVP_MAC *cossl_EVP_MAC_fetch_HMAC(void) {
    return EVP_MAC_fetch(NULL, OSSL_MAC_NAME_HMAC, NULL);
}

/// Initialises an HMAC context with `key` and SHA-256 as the digest (`OSSL_MAC_PARAM_DIGEST`).
static inline int cossl_EVP_MAC_init_HMAC_SHA256(EVP_MAC_CTX *ctx, const unsigned char *key, size_t key_length) {
    OSSL_PARAM params[2];
    params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)"SHA256", 0);
    params[1] = OSSL_PARAM_construct_end();
    return EVP_MAC_init(ctx, key, key_length, params);
}

/// `BIO_get_mem_data`: points `*data` at the contents of a memory BIO and returns their length.
static inline long cossl_BIO_get_mem_data(BIO *bio, char **data) {
    return BIO_get_mem_data(bio, data);
}

/// Whether `key` is an RSA key (`EVP_PKEY_RSA`).
static inline int cossl_EVP_PKEY_is_RSA(const EVP_PKEY *key) {
    return EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA;
}

/// Selects PKCS#1 v1.5 padding (`RSA_PKCS1_PADDING`) on an RSA signing or verification context.
static inline int cossl_EVP_PKEY_CTX_set_PKCS1_padding(EVP_PKEY_CTX *ctx) {
    return EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING);
}

/// A PEM passphrase callback that supplies no passphrase, so encrypted keys fail instead of
/// OpenSSL prompting on the terminal.
static inline int cossl_no_passphrase(char *buffer, int size, int rwflag, void *userdata) {
    (void)buffer; (void)size; (void)rwflag; (void)userdata;
    return 0;
}

/// Reads the first private key (PKCS#1 or PKCS#8 PEM) from `bio`; encrypted keys are refused.
static inline EVP_PKEY *cossl_PEM_read_bio_PrivateKey(BIO *bio) {
    return PEM_read_bio_PrivateKey(bio, NULL, cossl_no_passphrase, NULL);
}

/// Reads the first `BEGIN PUBLIC KEY` (SubjectPublicKeyInfo) PEM block from `bio`.
static inline EVP_PKEY *cossl_PEM_read_bio_PUBKEY(BIO *bio) {
    return PEM_read_bio_PUBKEY(bio, NULL, cossl_no_passphrase, NULL);
}

// MARK: - Fast paths for HMAC-SHA256, SHA-256 and AES-128-CBC
//
// OpenSSL 3's EVP layer costs about 1 µs per call in context allocation, provider dispatch and
// implicit algorithm fetches, which is more than the work itself for the short messages Fernet and
// SigV4 sign. The functions below precompute the HMAC inner and outer SHA-256 states once per key
// (RFC 2104 section 4's "precomputed" variant) and copy them by value per message, so a MAC costs
// the compression rounds only, allocates nothing and shares no mutable state between threads.
//
// They use the SHA-256 block functions (`SHA256_Init` / `SHA256_Update` / `SHA256_Final`), which
// OpenSSL 3 marks deprecated in favour of EVP but still exports; they run the same assembly
// (SHA-NI where available) as the default provider. The deprecation warnings are silenced here
// only, so Swift code cannot call the deprecated functions directly.

#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wdeprecated-declarations"

/// The precomputed state of an HMAC-SHA256 key: SHA-256 after `key XOR ipad` and after `key XOR opad`.
/// This is key-equivalent material: wipe it with `OPENSSL_cleanse` when done.
typedef struct {
    SHA256_CTX inner;
    SHA256_CTX outer;
} cossl_hmac_sha256_key;

/// Prepares `state` for `key` (any length; keys longer than 64 bytes are hashed first, RFC 2104).
static inline void cossl_hmac_sha256_prepare(cossl_hmac_sha256_key *state, const void *key, size_t key_length) {
    unsigned char block[SHA256_CBLOCK];
    unsigned char pad[SHA256_CBLOCK];
    memset(block, 0, sizeof block);
    if (key_length > SHA256_CBLOCK) {
        SHA256((const unsigned char *)key, key_length, block);
    } else if (key_length > 0) {
        memcpy(block, key, key_length);
    }
    for (size_t i = 0; i < SHA256_CBLOCK; i++) pad[i] = block[i] ^ 0x36;
    SHA256_Init(&state->inner);
    SHA256_Update(&state->inner, pad, SHA256_CBLOCK);
    for (size_t i = 0; i < SHA256_CBLOCK; i++) pad[i] = block[i] ^ 0x5c;
    SHA256_Init(&state->outer);
    SHA256_Update(&state->outer, pad, SHA256_CBLOCK);
    OPENSSL_cleanse(block, sizeof block);
    OPENSSL_cleanse(pad, sizeof pad);
}

/// Writes the 32-byte HMAC-SHA256 of `data` under the prepared `state` to `tag`. `state` is not changed.
static inline void cossl_hmac_sha256(const cossl_hmac_sha256_key *state, const void *data, size_t length,
                                     unsigned char *tag) {
    SHA256_CTX context = state->inner;
    if (length > 0) SHA256_Update(&context, data, length);
    SHA256_Final(tag, &context);
    context = state->outer;
    SHA256_Update(&context, tag, SHA256_DIGEST_LENGTH);
    SHA256_Final(tag, &context);
    OPENSSL_cleanse(&context, sizeof context);
}

/// One-shot HMAC-SHA256 of `data` under `key`; the precomputed state lives on the stack and is wiped.
static inline void cossl_hmac_sha256_oneshot(const void *key, size_t key_length, const void *data, size_t length,
                                             unsigned char *tag) {
    cossl_hmac_sha256_key state;
    cossl_hmac_sha256_prepare(&state, key, key_length);
    cossl_hmac_sha256(&state, data, length, tag);
    OPENSSL_cleanse(&state, sizeof state);
}

/// Writes the 32-byte SHA-256 of `data` to `digest`.
static inline void cossl_sha256(const void *data, size_t length, unsigned char *digest) {
    SHA256_CTX context;
    SHA256_Init(&context);
    if (length > 0) SHA256_Update(&context, data, length);
    SHA256_Final(digest, &context);
}

#pragma clang diagnostic pop

/// Fetches AES-128-CBC from the default library context once, so cipher initialisation skips the
/// implicit fetch that `EVP_aes_128_cbc()` costs on every `EVP_CipherInit_ex` in OpenSSL 3.
static inline EVP_CIPHER *cossl_EVP_CIPHER_fetch_AES_128_CBC(void) {
    return EVP_CIPHER_fetch(NULL, "AES-128-CBC", NULL);
}

// MARK: - Base64 with AVX2 (Muła and Lemire, "Faster Base64 Encoding and Decoding Using AVX2
// Instructions", ACM TWEB 2018), for the bulk of Fernet tokens. Swift handles the last partial
// blocks, padding and every error report; these functions only process whole blocks.

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#include <stdint.h>

/// Whether the CPU and the OS support AVX2 (CPUID leaf 7 EBX bit 5, OSXSAVE, and XCR0 saving the
/// SSE and AVX register state).
static inline int cossl_cpu_has_avx2(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    const unsigned int osxsave = 1u << 27, avx = 1u << 28;
    if ((ecx & (osxsave | avx)) != (osxsave | avx)) return 0;
    unsigned int xcr0_low, xcr0_high;
    __asm__ volatile("xgetbv" : "=a"(xcr0_low), "=d"(xcr0_high) : "c"(0));
    if ((xcr0_low & 0x6) != 0x6) return 0;
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
    return (ebx & (1u << 5)) != 0;
}

/// Encodes `blocks` blocks of 24 bytes from `source` into 32 characters each at `target`.
/// Reads 4 bytes past each block (28 per block): the caller guarantees `source` has at least
/// `24 * blocks + 4` readable bytes. `c62` and `c63` are the alphabet's last two characters.
__attribute__((target("avx2")))
static inline void cossl_base64_encode_avx2(const unsigned char *source, size_t blocks, unsigned char *target,
                                            unsigned char c62, unsigned char c63) {
    const __m256i shuffle = _mm256_set_epi8(10, 11, 9, 10, 7, 8, 6, 7, 4, 5, 3, 4, 1, 2, 0, 1,
                                            10, 11, 9, 10, 7, 8, 6, 7, 4, 5, 3, 4, 1, 2, 0, 1);
    const __m256i shift = _mm256_setr_epi8(
        'a' - 26, '0' - 52, '0' - 52, '0' - 52, '0' - 52, '0' - 52, '0' - 52, '0' - 52, '0' - 52, '0' - 52,
        '0' - 52, (char)(c62 - 62), (char)(c63 - 63), 'A', 0, 0,
        'a' - 26, '0' - 52, '0' - 52, '0' - 52, '0' - 52, '0' - 52, '0' - 52, '0' - 52, '0' - 52, '0' - 52,
        '0' - 52, (char)(c62 - 62), (char)(c63 - 63), 'A', 0, 0);
    for (size_t block = 0; block < blocks; block++) {
        const __m128i low = _mm_loadu_si128((const __m128i *)(source + 24 * block));
        const __m128i high = _mm_loadu_si128((const __m128i *)(source + 24 * block + 12));
        __m256i in = _mm256_inserti128_si256(_mm256_castsi128_si256(low), high, 1);
        // Per 3-byte group s0 s1 s2, a 32-bit lane holding the bytes s1 s0 s2 s1.
        in = _mm256_shuffle_epi8(in, shuffle);
        // Extract the four 6-bit indices a b c d of each group into the lane's four bytes.
        const __m256i t0 = _mm256_and_si256(in, _mm256_set1_epi32(0x0fc0fc00));
        const __m256i t1 = _mm256_mulhi_epu16(t0, _mm256_set1_epi32(0x04000040));
        const __m256i t2 = _mm256_and_si256(in, _mm256_set1_epi32(0x003f03f0));
        const __m256i t3 = _mm256_mullo_epi16(t2, _mm256_set1_epi32(0x01000010));
        const __m256i indices = _mm256_or_si256(t1, t3);
        // Map each index to the offset that turns it into its character:
        // 0...25 -> 13 ('A'), 26...51 -> 0 ('a' - 26), 52...61 -> 1...10 ('0' - 52), 62 -> 11, 63 -> 12.
        __m256i selector = _mm256_subs_epu8(indices, _mm256_set1_epi8(51));
        const __m256i below26 = _mm256_cmpgt_epi8(_mm256_set1_epi8(26), indices);
        selector = _mm256_or_si256(selector, _mm256_and_si256(below26, _mm256_set1_epi8(13)));
        const __m256i characters = _mm256_add_epi8(_mm256_shuffle_epi8(shift, selector), indices);
        _mm256_storeu_si256((__m256i *)(target + 32 * block), characters);
    }
}

/// Decodes `blocks` blocks of 32 characters from `source` into 24 bytes each at `target`, and
/// returns the number of whole blocks decoded before the first block holding a character outside
/// the alphabet (`blocks` when all are valid). Writes 32 bytes per block (8 past its 24): the caller
/// guarantees room for `24 * blocks + 8` bytes at `target`.
__attribute__((target("avx2")))
static inline size_t cossl_base64_decode_avx2(const unsigned char *source, size_t blocks, unsigned char *target,
                                              unsigned char c62, unsigned char c63) {
    const __m256i pack = _mm256_setr_epi8(2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1,
                                          2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1);
    const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 4, 5, 6, 7, 7);
    for (size_t block = 0; block < blocks; block++) {
        const __m256i in = _mm256_loadu_si256((const __m256i *)(source + 32 * block));
        // Signed comparisons: bytes >= 0x80 are negative and fall in no range.
        const __m256i upper = _mm256_and_si256(_mm256_cmpgt_epi8(in, _mm256_set1_epi8('A' - 1)),
                                               _mm256_cmpgt_epi8(_mm256_set1_epi8('Z' + 1), in));
        const __m256i lower = _mm256_and_si256(_mm256_cmpgt_epi8(in, _mm256_set1_epi8('a' - 1)),
                                               _mm256_cmpgt_epi8(_mm256_set1_epi8('z' + 1), in));
        const __m256i digit = _mm256_and_si256(_mm256_cmpgt_epi8(in, _mm256_set1_epi8('0' - 1)),
                                               _mm256_cmpgt_epi8(_mm256_set1_epi8('9' + 1), in));
        const __m256i is62 = _mm256_cmpeq_epi8(in, _mm256_set1_epi8((char)c62));
        const __m256i is63 = _mm256_cmpeq_epi8(in, _mm256_set1_epi8((char)c63));
        const __m256i valid = _mm256_or_si256(_mm256_or_si256(upper, lower),
                                              _mm256_or_si256(digit, _mm256_or_si256(is62, is63)));
        if ((unsigned int)_mm256_movemask_epi8(valid) != 0xFFFFFFFFu) return block;
        __m256i offset = _mm256_and_si256(upper, _mm256_set1_epi8(-'A'));
        offset = _mm256_or_si256(offset, _mm256_and_si256(lower, _mm256_set1_epi8(26 - 'a')));
        offset = _mm256_or_si256(offset, _mm256_and_si256(digit, _mm256_set1_epi8(52 - '0')));
        offset = _mm256_or_si256(offset, _mm256_and_si256(is62, _mm256_set1_epi8((char)(62 - c62))));
        offset = _mm256_or_si256(offset, _mm256_and_si256(is63, _mm256_set1_epi8((char)(63 - c63))));
        const __m256i values = _mm256_add_epi8(in, offset);
        // a b c d (6 bits each, one per byte) -> a<<18 | b<<12 | c<<6 | d per 32-bit lane.
        const __m256i pairs = _mm256_maddubs_epi16(values, _mm256_set1_epi32(0x01400140));
        const __m256i groups = _mm256_madd_epi16(pairs, _mm256_set1_epi32(0x00011000));
        // Three big-endian bytes per lane, 12 per 128-bit half, then the halves joined: 24 bytes.
        const __m256i bytes = _mm256_permutevar8x32_epi32(_mm256_shuffle_epi8(groups, pack), lanes);
        _mm256_storeu_si256((__m256i *)(target + 24 * block), bytes);
    }
    return blocks;
}

#else
static inline int cossl_cpu_has_avx2(void) { return 0; }
static inline void cossl_base64_encode_avx2(const unsigned char *source, size_t blocks, unsigned char *target,
                                            unsigned char c62, unsigned char c63) {
    (void)source; (void)blocks; (void)target; (void)c62; (void)c63;
}
static inline size_t cossl_base64_decode_avx2(const unsigned char *source, size_t blocks, unsigned char *target,
                                              unsigned char c62, unsigned char c63) {
    (void)source; (void)blocks; (void)target; (void)c62; (void)c63;
    return 0;
}
#endif

#endif
