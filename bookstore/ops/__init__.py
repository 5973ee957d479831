"""Operations: health and readiness probes, demo data, and (later) metrics and queue inspection."""
