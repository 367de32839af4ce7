"""Fixtures for every app's tests."""

from __future__ import annotations

import pytest
from django.test import Client

from thb.core.tests.factories import OrganisationFactory, UserFactory


@pytest.fixture(autouse=True)
def _english_and_fresh_keys(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def reference_data(db):
    """Belgium's regions, provinces, judicial districts and postcode ranges, as `thb load-reference` loads."""
    from thb.core.reference.loader import load_reference

    return load_reference()


@pytest.fixture
def organisation(db):
    return OrganisationFactory()


@pytest.fixture
def make_user(db):
    def make(role: str = "operator", organisation=None, **kwargs):
        return UserFactory(role=role, organisation=organisation or OrganisationFactory(), **kwargs)

    return make


@pytest.fixture
def signed_in(db):
    """A client signed in as ``user``, second factor passed (the factor itself is tested in test_auth)."""

    def sign_in(user) -> Client:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        client = Client()
        client.force_login(user)
        device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
        return client

    return sign_in
