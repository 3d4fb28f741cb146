import pytest


@pytest.fixture(autouse=True)
def quick_forms(app):
    """The checks as configured, but no 3-second wait and an easy proof in every test but the
    ones that test those two (they set them back)."""
    app.config.update(PUBLIC_MIN_FILL_SECONDS=0, PUBLIC_POW_BITS=8, BASE_URL="http://zapyt.test")
