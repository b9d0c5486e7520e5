"""The user's profile and preferences, kept in the database's settings table."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from ..storage import settings as stored
from .session import Session


@dataclass
class Profile:
    user_name: str = ""
    unit: str = ""
    phone: str = ""
    home_plan: str = ""
    region: str = ""       # the bureau's region (乐山市) and level (省/市/县/区): whose units it rolls up
    level: str = ""

    @property
    def complete(self) -> bool:
        return bool(self.user_name and self.unit and self.region)


def profile(*, session: Session) -> Profile:
    return Profile(**{k: stored.get(session.store, k) for k in asdict(Profile())})


def save_profile(*, session: Session, value: Profile) -> Profile:
    stored.put(session.store, {k: str(v).strip() for k, v in asdict(value).items()},
               who=value.user_name.strip() or session.who)
    return value


def set_margin(*, session: Session, margin: float) -> None:
    stored.put(session.store, {"judge_margin": str(margin)}, who=session.who)
