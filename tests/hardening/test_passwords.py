"""Passwords: at least 12 characters, not like the person's names, not a common one, not only digits — the
rules every password form (the platform admin's included) applies through Django's validators."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from accounts.models import User


@pytest.mark.parametrize("password", ["Ngan-2026", "password1234", "123456789012", "tranthibinh2026"])
def test_weak_passwords_are_refused(password):
    person = User(username="tranthibinh", full_name="Trần Thị Bình", email="binh.tt@sotuphap.vinhlong.gov.vn")
    with pytest.raises(ValidationError):
        validate_password(password, person)


def test_a_passphrase_is_accepted():
    person = User(username="tranthibinh", full_name="Trần Thị Bình")
    validate_password("mùa nước nổi Vĩnh Long 2026", person)
