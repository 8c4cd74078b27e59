"""The demo clinic's made-up people: names from several scripts (Latin with accents, Greek,
Cyrillic, Vietnamese), their sports, and the words clinicians write in a note."""

from __future__ import annotations

import random

# (given names female, given names male, family names female, family names male, phone prefix)
_CULTURES: list[tuple[list[str], list[str], list[str], list[str], str]] = [
    (
        ["Emma", "Olivia", "Sophie", "Grace", "Hannah", "Chloe"],
        ["Liam", "Noah", "James", "Jack", "Oliver", "Ethan"],
        ["Smith", "Taylor", "O'Connor", "Walker", "Brown", "MacLeod"],
        ["Smith", "Taylor", "O'Connor", "Walker", "Brown", "MacLeod"],
        "+44 7700 9",
    ),
    (
        ["Zoë", "Chloé", "Małgorzata", "Inês", "Siobhán", "Dóra", "Renée"],
        ["José", "Søren", "Łukasz", "Jürgen", "François", "Íñigo", "Bjørn"],
        ["Ægir-Łukasiewicz", "Müller", "Núñez", "Dvořáková", "Lefèvre", "Øvergaard", "Çelik"],
        ["Łukasiewicz", "Müller", "Núñez", "Dvořák", "Lefèvre", "Øvergaard", "Çelik"],
        "+48 601 2",
    ),
    (
        ["Μαρία", "Ελένη", "Κατερίνα", "Σοφία"],
        ["Γιώργος", "Δημήτρης", "Νίκος", "Κωνσταντίνος"],
        ["Παπαδοπούλου", "Οικονόμου", "Γεωργίου", "Καραγιάννη"],
        ["Παπαδόπουλος", "Οικονόμου", "Γεωργίου", "Καραγιάννης"],
        "+30 694 1",
    ),
    (
        ["Анна", "Елена", "Ольга", "Наталья", "Ирина"],
        ["Александр", "Дмитрий", "Иван", "Олег", "Сергей"],
        ["Иванова", "Смирнова", "Кузнецова", "Попова", "Шевченко"],
        ["Иванов", "Смирнов", "Кузнецов", "Попов", "Шевченко"],
        "+380 67 3",
    ),
    (
        ["Mai", "Thu Hằng", "Ngọc Anh", "Lan"],
        ["Minh", "Đức", "Quang Huy", "Tuấn"],
        ["Nguyễn Thị", "Trần Thị", "Phạm Thị", "Lê Thị"],
        ["Nguyễn Văn", "Trần Văn", "Phạm", "Lê"],
        "+84 90 4",
    ),
]
SPORTS = [
    "road running",
    "trail running",
    "track (800 m)",
    "marathon",
    "triathlon",
    "football",
    "parkrun",
    "ultra running",
    "cross-country",
    "hockey",
]
NOTES = [
    "Restriction most marked at the musculotendinous junction.",
    "Familiar ache reproduced on contact; eased by the third pass.",
    "Texture smoother after the passes; patient reports the area feels looser.",
    "Patient guarded on the first pass; slower lengthening helped.",
    "Less tender than last visit.",
]
RESPONSES = ["looser", "less tender", "familiar ache eased", "no change", "tender but better"]


def person(rng: random.Random) -> tuple[str, str, str]:
    female_given, male_given, female_family, male_family, phone = rng.choice(_CULTURES)
    if rng.random() < 0.5:
        given, family, sex = rng.choice(female_given), rng.choice(female_family), "female"
    else:
        given, family, sex = rng.choice(male_given), rng.choice(male_family), "male"
    if phone.startswith("+84"):  # Vietnamese names put the family name first
        return f"{family} {given}", sex, phone
    return f"{given} {family}", sex, phone
