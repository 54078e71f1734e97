"""The demo province `make demo` runs on: Vĩnh Long after the 2025 reform, its agencies and people.

`data` holds the agencies and the history, `people` the account pattern and names, `services` the
idempotent `seed_demo_province()`. The `seed_demo` management command and deploy/devserver.py call it.
"""
