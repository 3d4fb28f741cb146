"""Command-line tools: deadline calculator, users, demo."""
from sqlalchemy import select

from tracker.auth.models import ApiToken, User
from tracker.extensions import db


def last_line(result) -> str:
    return result.output.strip().splitlines()[-1]


def test_deadline_prints_the_date_as_its_last_line(runner):
    assert last_line(runner.invoke(args=["deadline", "2018-03-28 10:00"])) == "04.04.2018"
    assert last_line(runner.invoke(args=["deadline", "26.04.2018"])) == "05.05.2018"
    assert last_line(runner.invoke(args=["deadline", "2018-03-28", "--extended"])) == "26.04.2018"


def test_deadline_urgent_prints_the_moment_48_hours_later(runner):
    result = runner.invoke(args=["deadline", "--urgent", "30.03.2018 16:20"])
    assert last_line(result) == "01.04.2018 16:20"


def test_deadline_practice_switches(runner):
    assert last_line(runner.invoke(args=["deadline", "2018-03-28 10:00",
                                         "--count-receipt-day"])) == "03.04.2018"
    assert last_line(runner.invoke(args=["deadline", "2018-03-28 19:00", "--roll"])) == "05.04.2018"


def test_deadline_with_a_bad_date_fails_clearly(runner):
    result = runner.invoke(args=["deadline", "2018-02-30"])
    assert result.exit_code != 0
    assert "Не вдалося прочитати" in result.output


def test_deadline_uses_the_council_calendar(runner, app):
    from tracker.register.models import CalendarOverride
    import datetime as dt
    db.session.add(CalendarOverride(day=dt.date(2018, 4, 2), is_working=False, note=""))
    db.session.commit()
    assert last_line(runner.invoke(args=["deadline", "2018-03-28"])) == "05.04.2018"


def test_users_create_and_token(runner):
    result = runner.invoke(args=["users", "create", "--email", "Clerk@Test.example",
                                 "--name", "Діловод", "--role", "clerk",
                                 "--password", "a-long-enough-password"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "clerk@test.example"))
    assert user.check_password("a-long-enough-password")
    token = last_line(runner.invoke(args=["users", "token", "clerk@test.example"]))
    assert token.startswith("zpt_")
    stored = db.session.scalars(select(ApiToken)).one()
    assert stored.token_hash != token  # only the hash is kept


def test_users_create_refuses_short_passwords_and_duplicates(runner):
    short = runner.invoke(args=["users", "create", "--email", "a@test.example", "--name", "A",
                                "--role", "head", "--password", "short"])
    assert short.exit_code != 0 and "12 символів" in short.output
    ok = runner.invoke(args=["users", "create", "--email", "a@test.example", "--name", "A",
                             "--role", "head"])
    assert ok.exit_code == 0 and "Пароль:" in ok.output
    dup = runner.invoke(args=["users", "create", "--email", "a@test.example", "--name", "A",
                              "--role", "head"])
    assert dup.exit_code != 0 and "вже існує" in dup.output


def test_demo_init_creates_the_admin_once(runner):
    first = runner.invoke(args=["demo", "init"])
    assert first.exit_code == 0, first.output
    assert "admin@zapyt.example" in first.output and "Пароль:" in first.output
    second = runner.invoke(args=["demo", "init"])
    assert "Демо-дані вже є" in second.output
    assert db.session.scalar(select(User).where(User.email == "admin@zapyt.example")).role.value \
        == "admin"
