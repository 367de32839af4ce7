"""The public endpoints' flood protection lives in ``thb.core.ratelimit`` (the stop page's appeal form uses
it too); the hotline's modules import it from here."""

from thb.core.ratelimit import RateLimitedError, TokenBucket, public_rate_limit

__all__ = ["RateLimitedError", "TokenBucket", "public_rate_limit"]
