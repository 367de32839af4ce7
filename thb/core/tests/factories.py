"""Factories shared by every app's tests (issue 2 §12). Reference data come from `load_reference()`."""

from __future__ import annotations

import factory
from django.utils import timezone

from thb.core.models import ApiToken, AuditEvent, ContactChannel, Organisation, OrganisationKind, User
from thb.core.roles import Role

TEST_PASSWORD = "correct-horse-battery-staple-42"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"org-{n}")
    kind = OrganisationKind.HOTLINE
    name_fr = factory.LazyAttribute(lambda o: f"Organisation {o.slug} (fr)")
    name_nl = factory.LazyAttribute(lambda o: f"Organisatie {o.slug} (nl)")
    name_de = factory.LazyAttribute(lambda o: f"Organisation {o.slug} (de)")
    name_en = factory.LazyAttribute(lambda o: f"Organisation {o.slug} (en)")
    languages = factory.LazyFunction(lambda: ["fr", "nl"])
    takes_referrals = True


class ContactChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactChannel

    organisation = factory.SubFactory(OrganisationFactory)
    kind = "phone"
    value = factory.Sequence(lambda n: f"+32 2 555 {n:04d}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user-{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.OPERATOR
    is_active = True
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ApiTokenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApiToken

    user = factory.SubFactory(UserFactory)
    prefix = "thb_xxxxxx"
    digest = factory.Sequence(lambda n: f"{n:064x}")
    expires_at = factory.LazyFunction(lambda: timezone.now() + timezone.timedelta(days=30))


class AuditEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditEvent

    actor = factory.SubFactory(UserFactory)
    actor_username = factory.LazyAttribute(lambda e: e.actor.username if e.actor else "")
    organisation = factory.LazyAttribute(lambda e: e.actor.organisation if e.actor else None)
    action = "test.action"
