import Adapters
import Testing
import TestSupport
@testable import Orchestrator

@Suite("Strategies and limits")
struct PlannerTests {
    let planner: RoutePlanner

    init() throws { planner = RoutePlanner(estimator: CostEstimator(catalog: try Repository.catalog())) }

    /// SageMaker T4 (4.42 USD / 6 h), Vertex L4 (3.21 USD / 4.55 h), Azure A100-80GB (3.76 USD / 1.02 h) for a 6-hour job.
    func threeClouds(_ strategy: String, limits: String = "") throws -> ComputeProfile {
        try profile("""
            name: p
            strategy: \(strategy)
            candidates:
              - {provider: sagemaker, credentials: aws, region: us-east-1, instance_type: ml.g4dn.xlarge}
              - {provider: vertex, credentials: gcp, region: us-central1, machine_type: g2-standard-4, accelerator: L4}
              - {provider: azureml, credentials: az, region: eastus, instance_type: Standard_NC24ads_A100_v4}
            \(limits)
            """)
    }

    @Test("cheapest ranks by cost, fastest by time, preferred by profile order")
    func strategies() throws {
        let cheapest = planner.plan(job(), profile: try threeClouds("cheapest"))
        #expect(cheapest.ranked.map(\.target.provider) == [.vertex, .azureml, .sagemaker])
        #expect(cheapest.chosen?.reason.hasPrefix("cheapest eligible candidate") == true)

        let fastest = planner.plan(job(), profile: try threeClouds("fastest"))
        #expect(fastest.ranked.map(\.target.provider) == [.azureml, .vertex, .sagemaker])
        #expect(fastest.ranked.map { $0.estimate?.hours ?? 0 } == fastest.ranked.map { $0.estimate?.hours ?? 0 }.sorted())

        let preferred = planner.plan(job(), profile: try threeClouds("preferred"))
        #expect(preferred.ranked.map(\.target.provider) == [.sagemaker, .vertex, .azureml])
        #expect(preferred.ranked.map(\.rank) == [1, 2, 3])
        #expect(preferred.ranked[1].reason.hasPrefix("fallback #1"))
    }

    @Test("cheapest breaks cost ties by time, fastest breaks time ties by cost")
    func tieBreaks() throws {
        let twins = """
            name: p
            strategy: %@
            candidates:
              - {provider: kubernetes, credentials: a, gpu: T4, price_per_gpu_hour: 1}
              - {provider: kubernetes, credentials: b, gpu: V100, price_per_gpu_hour: 2.06}
              - {provider: kubernetes, credentials: c, gpu: T4, price_per_gpu_hour: 0.5}
            """
        let cheapest = planner.plan(job(hours: 2), profile: try profile(twins.replacingOccurrences(of: "%@", with: "cheapest")))
        // T4 at 1/h and V100 at 2.06/h both cost 2 USD; the V100 is faster so it ranks first among them.
        #expect(cheapest.ranked.map(\.candidate.target.credentials) == ["c", "b", "a"])
        let fastest = planner.plan(job(hours: 2), profile: try profile(twins.replacingOccurrences(of: "%@", with: "fastest")))
        // Both T4s take 2 h; the cheaper one ranks first among them.
        #expect(fastest.ranked.map(\.candidate.target.credentials) == ["b", "c", "a"])
    }

    @Test("the queue strategy ranks platform pools first and spills over only with max_queue_wait")
    func queue() throws {
        let spill = try profile("""
            name: q
            strategy: queue
            candidates:
              - {provider: sagemaker, credentials: aws, region: us-east-1, instance_type: ml.g4dn.xlarge}
              - {provider: platform, gpu: T4}
            limits: {max_queue_wait: 2h}
            """)
        let plan = planner.plan(job(priority: .urgent), profile: spill)
        #expect(plan.chosen?.target.provider == .platform)
        #expect(plan.chosen?.reason.contains("priority urgent") == true)
        #expect(plan.initialCandidates.map(\.target.provider) == [.platform])
        #expect(plan.spillOverCandidates.map(\.target.provider) == [.sagemaker])
        #expect(plan.spillOverCandidates.first?.reason == "spill-over after 2h in the platform queue")

        let strict = try profile("""
            name: q
            strategy: queue
            candidates:
              - {provider: platform, gpu: T4}
              - {provider: sagemaker, credentials: aws, region: us-east-1, instance_type: ml.g4dn.xlarge}
            """)
        let strictPlan = planner.plan(job(), profile: strict)
        #expect(strictPlan.ranked.count == 1)
        #expect(strictPlan.candidates[1].eligible == false)
        #expect(strictPlan.candidates[1].rejection == "strategy.queue_only")
    }

    @Test("limits reject candidates with the numbers, and they stay in the explanation")
    func limits() throws {
        let capped = planner.plan(job(), profile: try threeClouds("cheapest", limits: "limits: {max_cost_per_job_usd: 4}"))
        let sagemaker = try #require(capped.candidates.first)
        #expect(sagemaker.eligible == false)
        #expect(sagemaker.rejection == "limit.max_cost_per_job")
        #expect(sagemaker.reason == "estimated 4.42 USD exceeds the profile's max_cost_per_job_usd 4.00 USD")
        #expect(sagemaker.estimate != nil)
        #expect(capped.ranked.count == 2)

        let jobCap = planner.plan(job(maxCost: 3.5), profile: try threeClouds("cheapest"))
        #expect(jobCap.ranked.map(\.target.provider) == [.vertex])
        #expect(jobCap.candidates.map(\.rejection) == ["limit.job_max_cost", nil, "limit.job_max_cost"])

        let budget = planner.plan(job(), profile: try threeClouds("cheapest", limits: "limits: {monthly_budget_usd: 100}"),
                                  context: PlanningContext(monthSpendUSD: 96))
        #expect(budget.ranked.map(\.target.provider) == [.vertex, .azureml])
        #expect(budget.candidates[0].reason.contains("spent 96.00 USD this month"))
    }

    @Test("concurrency limits, missing credentials, GPU memory and unpriced machines make candidates ineligible")
    func ineligibility() throws {
        let limited = try profile("""
            name: p
            strategy: preferred
            candidates:
              - {provider: sagemaker, credentials: aws, region: us-east-1, instance_type: ml.g4dn.xlarge, max_concurrent_jobs: 2}
              - {provider: vertex, credentials: gcp, region: us-central1, machine_type: g2-standard-4, accelerator: L4}
              - {provider: azureml, credentials: az, region: eastus, instance_type: Standard_NC24ads_A100_v4}
            limits: {max_concurrent_jobs: 5}
            """)
        let busy = planner.plan(job(), profile: limited, context: PlanningContext(activeJobsByCandidate: [0: 2], registeredCredentials: ["aws", "az"]))
        #expect(busy.candidates.map(\.rejection) == ["limit.candidate_concurrency", "limit.missing_credentials", nil])
        #expect(busy.chosen?.target.provider == .azureml)

        let full = planner.plan(job(), profile: limited, context: PlanningContext(activeJobsByCandidate: [0: 1, 2: 4]))
        #expect(full.chosen == nil)
        #expect(Set(full.candidates.map(\.rejection)) == ["limit.profile_concurrency"])

        let bigModel = planner.plan(job(memory: 40), profile: limited)
        #expect(bigModel.candidates.map(\.rejection) == ["estimate.insufficient_gpu_memory", "estimate.insufficient_gpu_memory", nil])
    }

    @Test("the explanation has the documented JSON shape")
    func explanationShape() throws {
        let explanation = Explanation(planner.plan(job(), profile: try threeClouds("cheapest", limits: "limits: {max_cost_per_job_usd: 4}")))
        let nothing = Explanation(planner.plan(job(), profile: try threeClouds("cheapest", limits: "limits: {max_cost_per_job_usd: 1}")))
        let empty = try #require(try JSONSerialization.jsonObject(with: Data(nothing.json().utf8)) as? [String: Any])
        #expect(empty["chosen"] is NSNull)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(explanation.json().utf8)) as? [String: Any])
        #expect(object["profile"] as? String == "p")
        #expect(object["strategy"] as? String == "cheapest")
        let chosen = try #require(object["chosen"] as? [String: Any])
        #expect(chosen["provider"] as? String == "vertex")
        #expect(chosen["machine"] as? String == "g2-standard-4+L4x1")
        #expect(chosen["region"] as? String == "us-central1")
        let rows = try #require(object["candidates"] as? [[String: Any]])
        #expect(rows.count == 3)
        for key in ["provider", "machine", "region", "spot", "estimated_hours", "estimated_cost_usd", "eligible", "rank", "reason"] {
            #expect(rows.allSatisfy { $0.keys.contains(key) }, "missing \(key)")
        }
        #expect(rows[0]["eligible"] as? Bool == false)
        #expect(rows[0]["rank"] is NSNull)
        #expect(rows[1]["rank"] as? Int == 1)
        #expect(rows[2]["rank"] as? Int == 2)
        #expect(explanation.table().contains("rejected: estimated 4.42 USD exceeds"))
    }
}

import Foundation
