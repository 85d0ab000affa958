/// The job store's tables, as ordered migrations. The SQL is portable between SQLite and PostgreSQL.
enum StoreSchema {
    /// Each entry is one migration version; a migration is applied once, in order.
    static let migrations: [[String]] = [
        [
            """
            CREATE TABLE IF NOT EXISTS jobs (
                id TEXT PRIMARY KEY,
                org_id TEXT NOT NULL,
                profile TEXT NOT NULL,
                name TEXT NOT NULL,
                spec TEXT NOT NULL,
                state TEXT NOT NULL,
                priority INTEGER NOT NULL,
                provider TEXT,
                provider_job_id TEXT,
                candidate_index INTEGER,
                estimated_cost_usd DOUBLE PRECISION,
                idempotency_key TEXT,
                reason TEXT,
                created_at DOUBLE PRECISION NOT NULL,
                updated_at DOUBLE PRECISION NOT NULL,
                queued_at DOUBLE PRECISION NOT NULL,
                UNIQUE (org_id, idempotency_key)
            )
            """,
            "CREATE INDEX IF NOT EXISTS jobs_queue ON jobs (state, provider, priority, queued_at)",
            "CREATE INDEX IF NOT EXISTS jobs_org_profile ON jobs (org_id, profile, state)",
            """
            CREATE TABLE IF NOT EXISTS attempts (
                job_id TEXT NOT NULL REFERENCES jobs (id),
                number INTEGER NOT NULL,
                candidate_index INTEGER NOT NULL,
                provider TEXT NOT NULL,
                machine TEXT NOT NULL,
                region TEXT NOT NULL,
                outcome TEXT NOT NULL,
                error_class TEXT,
                error_code TEXT,
                message TEXT NOT NULL,
                provider_job_id TEXT,
                started_at DOUBLE PRECISION NOT NULL,
                ended_at DOUBLE PRECISION NOT NULL,
                PRIMARY KEY (job_id, number)
            )
            """,
            """
            CREATE TABLE IF NOT EXISTS events (
                job_id TEXT NOT NULL REFERENCES jobs (id),
                seq INTEGER NOT NULL,
                at DOUBLE PRECISION NOT NULL,
                kind TEXT NOT NULL,
                message TEXT NOT NULL,
                PRIMARY KEY (job_id, seq)
            )
            """,
        ],
        [
            // Platform queue: what a job needs, who holds its lease, how far it got, and its retries.
            "ALTER TABLE jobs ADD COLUMN gpus INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE jobs ADD COLUMN lease_owner TEXT",
            "ALTER TABLE jobs ADD COLUMN lease_expires_at DOUBLE PRECISION",
            "ALTER TABLE jobs ADD COLUMN cancel_requested INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE jobs ADD COLUMN progress DOUBLE PRECISION",
            "ALTER TABLE jobs ADD COLUMN epoch INTEGER",
            "ALTER TABLE jobs ADD COLUMN metrics TEXT",
            "ALTER TABLE jobs ADD COLUMN started_at DOUBLE PRECISION",
            "ALTER TABLE jobs ADD COLUMN finished_at DOUBLE PRECISION",
            "ALTER TABLE jobs ADD COLUMN run_attempts INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE jobs ADD COLUMN max_attempts INTEGER NOT NULL DEFAULT 1",
            "ALTER TABLE jobs ADD COLUMN available_at DOUBLE PRECISION NOT NULL DEFAULT 0",
            "ALTER TABLE jobs ADD COLUMN wait_reason TEXT",
            """
            CREATE TABLE IF NOT EXISTS workers (
                id TEXT PRIMARY KEY,
                host TEXT NOT NULL,
                slots INTEGER NOT NULL,
                gpus INTEGER NOT NULL,
                gpu_model TEXT,
                gpu_memory_gib DOUBLE PRECISION,
                started_at DOUBLE PRECISION NOT NULL,
                last_seen DOUBLE PRECISION NOT NULL
            )
            """,
        ],
        [
            // The credential vault: one sealed (Fernet) payload per organization and name.
            """
            CREATE TABLE IF NOT EXISTS credentials (
                org_id TEXT NOT NULL,
                name TEXT NOT NULL,
                kind TEXT NOT NULL,
                sealed TEXT NOT NULL,
                created_at DOUBLE PRECISION NOT NULL,
                updated_at DOUBLE PRECISION NOT NULL,
                validated_at DOUBLE PRECISION,
                validation TEXT,
                PRIMARY KEY (org_id, name)
            )
            """,
        ],
        [
            // The service: organizations' API keys (hashes only), stored profiles, and the status sync's bookkeeping.
            """
            CREATE TABLE IF NOT EXISTS api_keys (
                id TEXT PRIMARY KEY,
                org_id TEXT NOT NULL,
                role TEXT NOT NULL,
                secret_hash TEXT NOT NULL,
                created_at DOUBLE PRECISION NOT NULL
            )
            """,
            """
            CREATE TABLE IF NOT EXISTS profiles (
                org_id TEXT NOT NULL,
                name TEXT NOT NULL,
                source TEXT NOT NULL,
                created_at DOUBLE PRECISION NOT NULL,
                updated_at DOUBLE PRECISION NOT NULL,
                PRIMARY KEY (org_id, name)
            )
            """,
            "ALTER TABLE jobs ADD COLUMN profile_source TEXT",
            "ALTER TABLE jobs ADD COLUMN last_synced_at DOUBLE PRECISION",
            "ALTER TABLE jobs ADD COLUMN sync_misses INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE jobs ADD COLUMN cost_so_far_usd DOUBLE PRECISION",
            "CREATE INDEX IF NOT EXISTS jobs_org_created ON jobs (org_id, created_at, id)",
        ],
    ]
}
