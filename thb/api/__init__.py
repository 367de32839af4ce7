"""The ninja API object that mounts each app's router at /api/v1/ (DESIGN.md §2)."""
