"""A test-only app (installed when THB_ENV=test) with a model that has encrypted fields."""
