"""Date parsing: ISO 8601, RFC 2822, English prose forms, timestamps, and what gets rejected."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from crawler.kernel.dates import date_span, day_first, find_date, other_reading, parse_date, writes_day_first


def offset(hours: float) -> timezone:
    return timezone(timedelta(hours=hours))


@pytest.mark.parametrize("text,expected", [
    ("2024-08-26T14:50:33.898Z", datetime(2024, 8, 26, 14, 50, 33, 898000, tzinfo=UTC)),
    ("2021-11-01T10:52:50+0100", datetime(2021, 11, 1, 10, 52, 50, tzinfo=offset(1))),
    ("2015-07-10T09:53:00-04:00", datetime(2015, 7, 10, 9, 53, tzinfo=offset(-4))),
    ("2017-11-24T18:42:20.314667123+00:00", datetime(2017, 11, 24, 18, 42, 20, 314667, tzinfo=UTC)),
    ("2017-11-03 03:01:00.000000", datetime(2017, 11, 3, 3, 1)),
    ("2024-06-25", datetime(2024, 6, 25)),
])
def test_iso_8601_keeps_time_and_zone(text: str, expected: datetime) -> None:
    got = parse_date(text)
    assert got == expected
    assert (got.tzinfo is None) == (expected.tzinfo is None)


def test_zone_is_a_plain_fixed_offset_not_a_dateutil_object() -> None:
    got = parse_date("Wed, 02 Oct 2002 08:00:00 -0500")
    assert got == datetime(2002, 10, 2, 8, 0, tzinfo=offset(-5))
    assert isinstance(got.tzinfo, timezone)
    assert parse_date("Sun, 15 Oct 2023 10:00:00 GMT").tzinfo is UTC


@pytest.mark.parametrize("text,expected", [
    ("Jul 30, 2023", datetime(2023, 7, 30)),
    ("30 July 2023", datetime(2023, 7, 30)),
    ("2023/07/30", datetime(2023, 7, 30)),
    ("July 30, 2023 at 9:15 am", datetime(2023, 7, 30, 9, 15)),
    ("July 30th, 2023 at 9:15 pm", datetime(2023, 7, 30, 21, 15)),
    ("Jul. 4, 2021", datetime(2021, 7, 4)),
    ("Published: 30.07.2023", datetime(2023, 7, 30)),
    ("Last Updated: January 7, 2025", datetime(2025, 1, 7)),
    ("Posted by Jane Doe on July 5, 2023", datetime(2023, 7, 5)),
    ("12/31/2023", datetime(2023, 12, 31)),
    ("31/12/2023", datetime(2023, 12, 31)),
    ("14/05/2024 07h30", datetime(2024, 5, 14, 7, 30)),  # an "h" between hours and minutes
    ("Atualizado 14/05/2024 10h12", datetime(2024, 5, 14, 10, 12)),
])
def test_prose_and_numeric_forms(text: str, expected: datetime) -> None:
    assert parse_date(text) == expected


def test_zone_abbreviations_become_offsets() -> None:
    assert parse_date("July 30, 2023 at 9:15 pm EST") == datetime(2023, 7, 30, 21, 15, tzinfo=offset(-5))
    assert parse_date("Thursday 3 August 2023 10.15 BST") == datetime(2023, 8, 3, 10, 15, tzinfo=offset(1))


def test_unix_timestamps_in_seconds_and_milliseconds() -> None:
    expected = datetime(2023, 7, 22, 4, 26, 40, tzinfo=UTC)
    assert parse_date("1690000000") == expected
    assert parse_date("1690000000123") == expected


@pytest.mark.parametrize("text", [
    None, "", "   ", "hello", "2023", "Version 2023 release 5", "1985-01-01", "3000-01-01",
    "Jan 1, 1970", "July 2023 " * 20, "0000-00-00",
])
def test_rejects_non_dates_and_absurd_years(text: str | None) -> None:
    assert parse_date(text) is None


def test_rejects_dates_more_than_a_year_ahead_but_not_tomorrow() -> None:
    soon = datetime.now(UTC) + timedelta(days=30)
    far = datetime.now(UTC) + timedelta(days=800)
    assert parse_date(soon.strftime("%Y-%m-%dT%H:%M:%SZ")) is not None
    assert parse_date(far.strftime("%Y-%m-%dT%H:%M:%SZ")) is None


def test_find_date_in_free_text() -> None:
    assert find_date("Aug 26, 2024• Step-by-step guide") == datetime(2024, 8, 26)
    # the time written before the date is the date's
    assert find_date("By Jane Doe | Updated 9:15 AM EST, July 30, 2023") == datetime(
        2023, 7, 30, 9, 15, tzinfo=timezone(timedelta(hours=-5)))
    assert find_date("posted 2019-04-28 06:01 in News") == datetime(2019, 4, 28, 6, 1)
    assert find_date("no date in here, only 42 numbers") is None
    assert find_date(None) is None


def test_date_span_covers_weekday_and_time() -> None:
    text = "BY: JOE WEE Monday, February 29, 2016 at 10:30 am | 3 comments"
    start, end = date_span(text)
    assert text[start:end] == "Monday, February 29, 2016 at 10:30 am"
    assert date_span("Jane Doe") is None


@pytest.mark.parametrize("text,expected", [
    ("Publié le 14 mars 2024 à 08h30", datetime(2024, 3, 14, 8, 30)),
    ("Mis à jour le 1er avril 2024", datetime(2024, 4, 1)),
    ("Veröffentlicht am 14. März 2024, 10:05", datetime(2024, 3, 14, 10, 5)),
    ("Actualizado el 14 de mayo de 2024", datetime(2024, 5, 14)),
    ("Pubblicato il 3 giugno 2023", datetime(2023, 6, 3)),
    ("Publicado em 5 de março de 2024", datetime(2024, 3, 5)),
    ("Gepubliceerd op 12 januari 2024", datetime(2024, 1, 12)),
    ("Par Marco Rossi, 14 déc. 2023", datetime(2023, 12, 14)),
    ("14. března 2024 10:15", datetime(2024, 3, 14, 10, 15)),
    ("Opublikowano 14 marca 2024, 10:15", datetime(2024, 3, 14, 10, 15)),
    ("14 Mart 2024 Perşembe", datetime(2024, 3, 14)),
    ("Pubblicato il 14 marzo 2024 | 08:45", datetime(2024, 3, 14, 8, 45)),
    ("Publicerad 14 mars 2024 kl. 10.15", datetime(2024, 3, 14, 10, 15)),
    ("Julkaistu 14. maaliskuuta 2024", datetime(2024, 3, 14)),
    ("Опубликовано 14 марта 2024, 10:30", datetime(2024, 3, 14, 10, 30)),
    ("2024年3月14日 10時30分", datetime(2024, 3, 14, 10, 30)),
    ("发布时间：2024年3月14日 08:30", datetime(2024, 3, 14, 8, 30)),
    ("입력 2024년 3월 14일 10시 30분", datetime(2024, 3, 14, 10, 30)),
])
def test_find_date_reads_the_month_names_of_other_languages(text: str, expected: datetime) -> None:
    assert find_date(text) == expected


@pytest.mark.parametrize("text", ["mayo 2024", "Mai Thi Nguyen, 2024", "the Mars mission of 14 engineers",
                                  "Ekim Yilmaz 2024", "14 ore di viaggio nel 2024"])
def test_a_month_name_alone_is_no_date(text: str) -> None:
    assert find_date(text) is None


@pytest.mark.parametrize("text, expected", [
    ("5 квітня 2024, 14:30", datetime(2024, 4, 5, 14, 30)),  # Ukrainian
    ("2024. január 30. 10:15", datetime(2024, 1, 30, 10, 15)),  # Hungarian: year first
    ("2024. febr. 3.", datetime(2024, 2, 3)),
    ("12 Μαρτίου 2024", datetime(2024, 3, 12)),  # Greek
    ("12 martie 2024", datetime(2024, 3, 12)),  # Romanian
    ("12. marts 2024", datetime(2024, 3, 12)),  # Danish
    ("26 Okt 2018", datetime(2018, 10, 26)),
    ("26 ก.พ. 2567 10:30 น.", datetime(2024, 2, 26, 10, 30)),  # Thai: Buddhist era, abbreviated month
    ("12 มีนาคม 2567", datetime(2024, 3, 12)),
    ("২৮ ফেব্রুয়ারি ২০২৪", datetime(2024, 2, 28)),  # Bengali digits and month
    ("12 मार्च 2024", datetime(2024, 3, 12)),  # Hindi
    ("۲۰۲۴/۰۵/۰۴", datetime(2024, 5, 4)),  # Persian digits
    ("Stand: 14.03.2024, 09:15 Uhr", datetime(2024, 3, 14, 9, 15)),  # the hours word is no zone
])
def test_dates_in_more_languages_scripts_and_eras(text: str, expected: datetime) -> None:
    assert find_date(text) == expected


def test_a_buddhist_era_year_is_read_as_such_only_beside_thai() -> None:
    assert find_date("vor 2567 Jahren") is None
    assert find_date("2550 Euro am 3. Mai 2024") == datetime(2024, 5, 3)


@pytest.mark.parametrize("text, expected", [
    ("15 януари 2024, 13:20", datetime(2024, 1, 15, 13, 20)),  # Bulgarian
    ("петак, 8. децембар 2023. 20:15", datetime(2023, 12, 8, 20, 15)),  # Serbian: a full stop after the year
    ("22. listopada 2023. u 16:40", datetime(2023, 11, 22, 16, 40)),  # Polish month, Croatian "u" (at)
    ("8. prosinca 2023.", datetime(2023, 12, 8)),  # Croatian
    ("Publikované 7. mája 2024, 11:15", datetime(2024, 5, 7, 11, 15)),  # Slovak
    ("2024 m. birželio 18 d. 10:35", datetime(2024, 6, 18, 10, 35)),  # Lithuanian: year first, "m." and "d."
    ("3. märts 2024", datetime(2024, 3, 3)),  # Estonian
    ("பதிவு: செப்டம்பர் 05, 2023 11:45", datetime(2023, 9, 5, 11, 45)),  # Tamil
    ("Jumanne, Oktoba 24, 2023", datetime(2023, 10, 24)),  # Swahili
    ("15. helmikuuta 2024 klo 9.12", datetime(2024, 2, 15, 9, 12)),  # Finnish "klo"
    ("March 12, 2024 · 9:45 AM", datetime(2024, 3, 12, 9, 45)),  # a middle dot before the time
    ("12 March 2024 • 09:45", datetime(2024, 3, 12, 9, 45)),
])
def test_dates_of_balkan_baltic_tamil_and_swahili_sites(text: str, expected: datetime) -> None:
    assert find_date(text) == expected


def test_a_middle_dot_before_a_word_keeps_the_date_without_a_time() -> None:
    assert find_date("March 12, 2024 · Updated") == datetime(2024, 3, 12)


def test_a_word_after_the_time_is_no_zone_and_african_and_asian_zones_are() -> None:
    assert find_date("Sat Jan 6, 2024 11:42 AM Last update on: Sat Jan 6, 2024 12:58 PM") == \
        datetime(2024, 1, 6, 11, 42)
    assert find_date("January 5, 2024 9:14 am WAT") == datetime(2024, 1, 5, 9, 14, tzinfo=offset(1))
    assert find_date("Jan 5, 2024 10:32 PKT") == datetime(2024, 1, 5, 10, 32, tzinfo=offset(5))


@pytest.mark.parametrize(("language", "expected"), [
    ("pt-PT", True), ("de", True), ("en-GB", True), ("en-Latn-IN", True), ("en", False), ("en-US", False),
    (None, False),
])
def test_which_languages_write_the_day_first(language: str | None, expected: bool) -> None:
    assert writes_day_first(language) is expected


def test_a_numeric_date_is_read_in_the_order_of_the_page() -> None:
    assert parse_date("08/10/2024 09:21") == datetime(2024, 8, 10, 9, 21)
    with day_first(True):
        assert parse_date("08/10/2024 09:21") == datetime(2024, 10, 8, 9, 21)
        assert find_date("Publicado 08/10/2024 às 09:21") == datetime(2024, 10, 8, 9, 21)
        assert parse_date("10/13/2024") == datetime(2024, 10, 13)  # no 13th month: one reading
        assert parse_date("2024/10/08") == datetime(2024, 10, 8)  # the year first reads one way
        assert other_reading("08/10/2024") == datetime(2024, 8, 10)
    assert parse_date("08/10/2024") == datetime(2024, 8, 10)  # the order ends with the block
    assert other_reading("08/10/2024") == datetime(2024, 10, 8)
    assert other_reading("13/10/2024") is None and other_reading("10/10/2024") is None
    assert other_reading("8 October 2024") is None


def test_a_dotted_date_with_a_two_digit_year() -> None:
    assert parse_date("30.05.24") == datetime(2024, 5, 30)
    assert find_date("30.05.24 | 07:12") == datetime(2024, 5, 30, 7, 12)
    assert find_date("30.05.2024 | 07:12") == datetime(2024, 5, 30, 7, 12)  # the time after a bar kept
    assert find_date("Version 1.2.24 is out") is None and parse_date("12.13.24") is None


@pytest.mark.parametrize(("text", "expected"), [
    ("12 iyul 2024, 10:40", datetime(2024, 7, 12, 10, 40)),
    ("ორშაბათი, 10 ივნისი 2024 14:25", datetime(2024, 6, 10, 14, 25)),
    ("Miðvikudagur 14. ágúst 2024 kl. 07:45", datetime(2024, 8, 14, 7, 45)),
    ("3 հունիսի 2024, 15:48", datetime(2024, 6, 3, 15, 48)),
    ("26 маусым 2024, 10:30", datetime(2024, 6, 26, 10, 30)),
    ("14 Ogos 2024", datetime(2024, 8, 14)), ("5 korrik 2024", datetime(2024, 7, 5)),
])
def test_months_of_caucasus_central_asian_nordic_and_malay_dates(text: str, expected: datetime) -> None:
    assert find_date(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("9-sentabr, 2024", datetime(2024, 9, 9)),  # Uzbek: the day joined to the month by a hyphen
    ("12-oktabr 2024 10:30", datetime(2024, 10, 12, 10, 30)),
    ("14 de mayo de 2024", datetime(2024, 5, 14)),
    ("Sabti, 17 Agoosto 2024", datetime(2024, 8, 17)),  # Somali
    ("۲۲ اکتوبر ۲۰۲۴ - ۱۴:۳۰", datetime(2024, 10, 22, 14, 30)),  # Pashto, Persian digits
    ("5 مئی 2024", datetime(2024, 5, 5)),  # Urdu
    ("प्रकाशित: २७ नोव्हेंबर २०२६, ०८:३० AM", datetime(2026, 11, 27, 8, 30)),  # Marathi, Devanagari digits
    ("પ્રકાશિત: ૧૮ નવેમ્બર, ૨૦૨૬", datetime(2026, 11, 18)),  # Gujarati, its digits
    ("ਚੰਡੀਗੜ੍ਹ | 29 ਨਵੰਬਰ 2026, 09:12 AM", datetime(2026, 11, 29, 9, 12)),  # Punjabi
    ("೧೨ ಡಿಸೆಂಬರ್ ೨೦೨೫", datetime(2025, 12, 12)),  # Kannada digits
    ("3 നവംബർ 2025", datetime(2025, 11, 3)),  # Malayalam
    ("Ceturtdiena, 2026. gada 26. novembris, 09:12", datetime(2026, 11, 26, 9, 12)),  # Latvian: year first
    ("30 ta' Novembru 2026, 18:20", datetime(2026, 11, 30, 18, 20)),  # Maltese, "of" before the month
    ("Alarobia 25 Novambra 2026", datetime(2026, 11, 25)),  # Malagasy
    ("Méindeg, 23. Mäerz 2026 um 06:45 Auer", datetime(2026, 3, 23, 6, 45)),  # Luxembourgish
    ("Dydd Llun, 4 Mehefin 2024", datetime(2024, 6, 4)),  # Welsh
    ("2024.09.13. 오후 1:05", datetime(2024, 9, 13, 13, 5)),  # Korean: the afternoon before the time
    ("الثلاثاء 8 أبريل 2025", datetime(2025, 4, 8)),  # Arabic
])
def test_months_of_uzbek_somali_urdu_and_pashto_and_a_month_joined_to_its_day_are_read(
        text: str, expected: datetime) -> None:
    assert find_date(text) == expected


def test_a_short_month_of_an_indic_script_is_a_whole_word_only() -> None:
    # Marathi "मे" (May) opens Hindi "में" ("in"): no month there
    from crawler.kernel.dates import in_english

    assert "May" not in in_english("पिछले साल में 5 लोग")
    assert find_date("१८ मे २०२४") == datetime(2024, 5, 18)
