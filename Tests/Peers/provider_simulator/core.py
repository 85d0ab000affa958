"""The simulator's shared machinery: the test-controlled clock, job scenarios, fault injection, the request log,
the issued secrets, and the control API the Swift tests drive (`/_sim/...`).

Each provider module (`sagemaker`, `vertex`, `azureml`, `kubernetes`) registers its own routes on the one aiohttp
application and uses a `Simulator` instance for everything here, so that one process serves all four providers
(the fallback tests and the status-sync benchmark route one job across several of them).
"""

import asyncio
import json
import time

from aiohttp import web


class Clock:
    """Seconds since the epoch as the simulated providers see them: the real time at start, then moved only by
    the tests (so a simulated job's timestamps are never behind the adapters' own clock)."""

    def __init__(self, start):
        self.value = float(start)

    def now(self):
        return self.value

    def advance(self, seconds):
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        self.value += seconds


class Phase:
    """One step of a job's life: the provider's state (and secondary state) held for `seconds` of simulated time.

    The last phase of a scenario is terminal and lasts forever; `failure` carries what the provider reports for
    a failed or stopped job (a FailureReason, a google.rpc.Status, an ARM error, a pod condition), in the
    provider module's own terms.
    """

    def __init__(self, state, seconds=None, secondary=None, failure=None):
        self.state = state
        self.seconds = seconds
        self.secondary = secondary
        self.failure = failure


class SimJob:
    """A job a simulated provider accepted: its request body, its scenario and when it was created."""

    def __init__(self, provider, job_id, body, phases, created):
        self.provider = provider
        self.id = job_id
        self.body = body
        self.phases = phases
        self.created = created
        self.forced = None  # a Phase the test forced, replacing the scenario from `forced_at` on
        self.forced_at = None
        self.cancel_requested_at = None
        self.deleted = False
        self.extra = {}  # provider-specific bookkeeping

    def phase(self, now):
        """The current phase and the simulated time it started."""
        if self.forced is not None and now >= self.forced_at:
            return self.forced, self.forced_at
        started = self.created
        for phase in self.phases:
            if phase.seconds is None or now < started + phase.seconds:
                return phase, started
            started += phase.seconds
        return self.phases[-1], started

    def started_running(self, running_states):
        """The simulated time the job first entered one of `running_states`, or None."""
        started = self.created
        for phase in self.phases:
            if phase.state in running_states or phase.secondary in running_states:
                return started
            if phase.seconds is None:
                return None
            started += phase.seconds
        return None

    def force(self, phase, now):
        self.forced, self.forced_at = phase, now


class Simulator:
    """State shared by the provider modules, plus the control API."""

    def __init__(self, secrets, latency=0.0):
        self.clock = Clock(int(time.time()))
        self.latency = latency
        self.secrets = secrets  # what the tests' credentials hold; written to --state-dir/credentials.json
        self.jobs = {}  # (provider, id) -> SimJob
        self.faults = {}  # (provider, operation) -> [error name, ...]
        self.next_scenarios = {}  # provider -> [scenario name, ...]
        self.log = []
        self.issued_tokens = {}  # bearer token -> {"provider": ..., "expires": ..., "identity": ...}
        self.counter = 0
        self.providers = {}  # name -> provider module object with `scenarios` and `interruptions`

    def register(self, provider):
        """Adds a provider: an object with `name`, `scenarios` (name -> [Phase]), `interruptions`
        (name -> Phase forced on a running job) and `routes(app)`."""
        self.providers[provider.name] = provider

    # MARK: used by provider modules

    def next_id(self):
        self.counter += 1
        return self.counter

    def take_fault(self, provider, operation):
        """The error to inject into this call, if a test queued one for (provider, operation) or (provider, "*")."""
        for key in ((provider, operation), (provider, "*")):
            queue = self.faults.get(key)
            if queue:
                return queue.pop(0)
        return None

    def take_scenario(self, provider):
        """The phases of the next job this provider accepts: the scenario a test queued, else `success`."""
        queue = self.next_scenarios.get(provider)
        name = queue.pop(0) if queue else "success"
        return list(self.providers[provider].scenarios[name])

    def record(self, provider, operation, request, status, body=None, error=None):
        self.log.append({
            "provider": provider, "operation": operation, "method": request.method, "path": request.path,
            "query": dict(request.query), "status": status, "body": body, "error": error,
            "userAgent": request.headers.get("User-Agent"),
        })

    async def delay(self):
        if self.latency > 0:
            await asyncio.sleep(self.latency)

    # MARK: control API

    def routes(self, app):
        app.router.add_get("/_sim/health", self.health)
        app.router.add_post("/_sim/clock", self.set_clock)
        app.router.add_post("/_sim/faults", self.add_fault)
        app.router.add_post("/_sim/scenarios", self.add_scenario)
        app.router.add_post("/_sim/latency", self.set_latency)
        app.router.add_get("/_sim/requests", self.requests)
        app.router.add_get("/_sim/jobs", self.list_jobs)
        app.router.add_post("/_sim/reset", self.reset)
        app.router.add_post("/_sim/interrupt", self.interrupt)

    async def health(self, request):
        return web.json_response({"now": self.clock.now(), "jobs": len(self.jobs)})

    async def set_clock(self, request):
        body = await request.json()
        self.clock.advance(float(body["advance"]))
        return web.json_response({"now": self.clock.now()})

    async def add_fault(self, request):
        body = await request.json()
        key = (body["provider"], body.get("operation", "*"))
        self.faults.setdefault(key, []).extend([body["error"]] * int(body.get("count", 1)))
        return web.json_response({"queued": len(self.faults[key])})

    async def add_scenario(self, request):
        body = await request.json()
        if body["scenario"] not in self.providers[body["provider"]].scenarios:
            return json_error(400, {"error": f"unknown scenario {body['scenario']}"})
        queue = self.next_scenarios.setdefault(body["provider"], [])
        queue.extend([body["scenario"]] * int(body.get("count", 1)))
        return web.json_response({"queued": len(queue)})

    async def set_latency(self, request):
        body = await request.json()
        self.latency = float(body["seconds"])
        return web.json_response({"latency": self.latency})

    async def requests(self, request):
        provider = request.query.get("provider")
        entries = [e for e in self.log if provider is None or e["provider"] == provider]
        return web.json_response(entries)

    async def list_jobs(self, request):
        provider = request.query.get("provider")
        now = self.clock.now()
        out = []
        for job in self.jobs.values():
            if provider is not None and job.provider != provider:
                continue
            phase, _ = job.phase(now)
            out.append({"provider": job.provider, "id": job.id, "state": phase.state, "secondary": phase.secondary,
                        "deleted": job.deleted, "body": job.body})
        return web.json_response(out)

    async def interrupt(self, request):
        """Forces a running job into one of its provider's interruptions (spot reclaim, preemption, eviction) now."""
        body = await request.json()
        job = self.jobs.get((body["provider"], body["id"]))
        if job is None:
            return json_error(404, {"error": "no such job"})
        job.force(self.providers[body["provider"]].interruptions[body["interruption"]], self.clock.now())
        return web.json_response({})

    async def reset(self, request):
        self.faults.clear()
        self.next_scenarios.clear()
        self.log.clear()
        return web.json_response({})


def json_error(status, body, headers=None):
    return web.Response(status=status, body=json.dumps(body).encode(), content_type="application/json", headers=headers)


def rfc3339(seconds):
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds)) + "Z"
