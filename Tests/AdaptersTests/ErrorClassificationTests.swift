@testable import Adapters
import Foundation
import Testing

/// Every error code and status the vendor contracts list, classified for the router.
@Suite("Error classification tables")
struct ErrorClassificationTests {
    @Test("AWS: botocore's standard-mode retry codes and statuses, the legacy policies, and SageMaker/STS codes")
    func aws() throws {
        let standard = try APISpecs.object("sagemaker/botocore-standard-retry-codes.json")
        let codes = ((standard["transientErrorCodes"] as? [String]) ?? []) + ((standard["throttledErrorCodes"] as? [String]) ?? [])
        #expect(codes.count > 10)
        for code in codes {
            #expect(AWSErrorClassifier.classify(code: code, status: 400) == .retryable, "\(code)")
        }
        for status in (standard["transientStatusCodes"] as? [Int]) ?? [] {
            #expect(AWSErrorClassifier.classify(code: nil, status: status) == .retryable, "HTTP \(status)")
        }
        let legacy = try #require(APISpecs.value(try APISpecs.object("sagemaker/botocore-_retry.json"), "definitions") as? [String: Any])
        for (name, definition) in legacy {
            guard let response = APISpecs.value(definition as? [String: Any] ?? [:], "applies_when", "response") as? [String: Any] else { continue }
            let code = response["service_error_code"] as? String
            let status = (response["http_status_code"] as? Int) ?? 400
            #expect(AWSErrorClassifier.classify(code: code, status: status) == .retryable, "\(name)")
        }
        #expect(AWSErrorClassifier.classify(code: "ResourceLimitExceeded", status: 400) == .quota)
        for code in ["ValidationException", "ResourceNotFound", "ResourceInUse"] {
            #expect(AWSErrorClassifier.classify(code: code, status: 400) == .invalid, "\(code)")
        }
        for code in ["UnrecognizedClientException", "InvalidSignatureException", "ExpiredTokenException", "AccessDeniedException",
                     "InvalidClientTokenId", "SignatureDoesNotMatch", "ExpiredToken", "AccessDenied"] {
            #expect(AWSErrorClassifier.classify(code: code, status: code.hasSuffix("Exception") ? 400 : 403) == .credentials, "\(code)")
        }
    }

    @Test("Vertex AI: google.rpc statuses, with quota and rate limits told apart by message")
    func vertex() {
        let quota = "The following quota metrics exceed quota limits: aiplatform.googleapis.com/custom_model_training_nvidia_l4_gpus"
        let rate = "Quota exceeded for quota metric 'Resource management (CRUD) requests' and limit 'Resource management (CRUD) requests per minute per region'"
        #expect(VertexStateMapping.classify(httpStatus: 429, status: "RESOURCE_EXHAUSTED", message: quota) == .quota)
        #expect(VertexStateMapping.classify(httpStatus: 429, status: "RESOURCE_EXHAUSTED", message: rate) == .retryable)
        for (status, name) in [(500, "INTERNAL"), (502, "UNAVAILABLE"), (503, "UNAVAILABLE"), (504, "DEADLINE_EXCEEDED")] {
            #expect(VertexStateMapping.classify(httpStatus: status, status: name, message: "x") == .retryable, "\(name)")
        }
        #expect(VertexStateMapping.classify(httpStatus: 401, status: "UNAUTHENTICATED", message: "x") == .credentials)
        #expect(VertexStateMapping.classify(httpStatus: 403, status: "PERMISSION_DENIED", message: "Vertex AI API has not been used") == .credentials)
        for (status, name) in [(400, "INVALID_ARGUMENT"), (404, "NOT_FOUND"), (400, "FAILED_PRECONDITION")] {
            #expect(VertexStateMapping.classify(httpStatus: status, status: name, message: "x") == .invalid, "\(name)")
        }
    }

    @Test("Azure ML: ARM throttling, tokens, quotas and validation")
    func azureML() {
        for status in [429, 500, 502, 503, 504] {
            #expect(AzureMLStateMapping.classify(httpStatus: status, code: nil, message: "x") == .retryable, "HTTP \(status)")
        }
        for code in ["InvalidAuthenticationToken", "ExpiredAuthenticationToken"] {
            #expect(AzureMLStateMapping.classify(httpStatus: 401, code: code, message: "x") == .credentials, "\(code)")
        }
        #expect(AzureMLStateMapping.classify(httpStatus: 403, code: "AuthorizationFailed", message: "x") == .credentials)
        for code in AzureMLStateMapping.quotaCodes {
            #expect(AzureMLStateMapping.classify(httpStatus: 400, code: code, message: "x") == .quota, "\(code)")
        }
        #expect(AzureMLStateMapping.classify(httpStatus: 400, code: "UserError", message: "JobNodeCountExceedsCoreQuota, the subscription has a vCPU quota of 2") == .quota)
        for (status, code) in [(400, "BadRequest"), (400, "UserError"), (404, "ResourceNotFound"), (409, "Conflict")] {
            #expect(AzureMLStateMapping.classify(httpStatus: status, code: code, message: "x") == .invalid, "\(code)")
        }
    }

    @Test("Kubernetes: meta/v1 Status reasons")
    func kubernetes() {
        for (status, reason) in [(429, "TooManyRequests"), (500, "InternalError"), (503, "ServiceUnavailable"), (504, "Timeout"), (409, "Conflict")] {
            #expect(KubernetesStateMapping.classify(httpStatus: status, reason: reason, message: "x") == .retryable, "\(reason)")
        }
        #expect(KubernetesStateMapping.classify(httpStatus: 401, reason: "Unauthorized", message: "Unauthorized") == .credentials)
        #expect(KubernetesStateMapping.classify(httpStatus: 403, reason: "Forbidden", message: "jobs.batch is forbidden: User cannot create") == .credentials)
        #expect(KubernetesStateMapping.classify(httpStatus: 403, reason: "Forbidden", message: "jobs.batch \"x\" is forbidden: exceeded quota: compute-quota") == .quota)
        for (status, reason) in [(422, "Invalid"), (400, "BadRequest"), (404, "NotFound"), (409, "AlreadyExists")] {
            #expect(KubernetesStateMapping.classify(httpStatus: status, reason: reason, message: "x") == .invalid, "\(reason)")
        }
    }
}
