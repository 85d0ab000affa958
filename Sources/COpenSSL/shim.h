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

#endif
