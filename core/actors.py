"""Who did something: a staff user or an API client. Every status event records one."""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser

from core.models import ApiToken


@dataclass(frozen=True)
class Actor:
    label: str
    user: AbstractBaseUser | None = None
    token: ApiToken | None = None

    @classmethod
    def for_user(cls, user: AbstractBaseUser) -> "Actor":
        return cls(label=user.get_username(), user=user)

    @classmethod
    def for_token(cls, token: ApiToken) -> "Actor":
        return cls(label=f"API: {token.label}", token=token)

    @classmethod
    def system(cls, label: str = "system") -> "Actor":
        return cls(label=label)
