"""The fake map component, shared by the AppTest modules."""

from tests.dashboard.test_app import fake_map  # noqa: F401  (a fixture: pytest finds it here)
