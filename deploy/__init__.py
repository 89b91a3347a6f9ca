"""Deploying the atlas: its nginx configuration (config) and the replica launcher (serve)."""
