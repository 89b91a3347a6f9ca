"""Deploying the atlas: the nginx configuration (config), the supervisord configuration that runs
the replicas and nginx on one machine (supervisor), and the command line (cli, ``python -m
deploy``). systemd units for production are in deploy/systemd/ (docs/DEPLOY.md)."""
