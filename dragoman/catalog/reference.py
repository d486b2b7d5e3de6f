"""The reference data a fresh Dragoman starts with; staff edit it in the staff console.

``load`` takes the model classes so that a migration can pass its historical models.
"""

SERVICES = [
    ("simultaneous", "interpreting", "Simultaneous interpreting", "Синхронный перевод"),
    ("consecutive", "interpreting", "Consecutive interpreting", "Последовательный перевод"),
    (
        "remote-simultaneous",
        "interpreting",
        "Remote simultaneous interpreting (RSI)",
        "Удалённый синхронный перевод",
    ),
    ("whispered", "interpreting", "Whispered interpreting (chuchotage)", "Шушутаж"),
    ("translation", "translation", "Translation", "Письменный перевод"),
    ("certified-translation", "translation", "Certified translation", "Заверенный перевод"),
    ("proofreading", "translation", "Proofreading and editing", "Вычитка и редактура"),
    ("subtitling", "translation", "Subtitling", "Субтитрирование"),
]

TOPICS = [
    ("Medicine and pharmaceuticals", "Медицина и фармацевтика"),
    ("Law and contracts", "Право и договоры"),
    ("Finance and banking", "Финансы и банки"),
    ("Information technology", "Информационные технологии"),
    ("Engineering and manufacturing", "Техника и производство"),
    ("Energy, oil and gas", "Энергетика, нефть и газ"),
    ("Politics and diplomacy", "Политика и дипломатия"),
    ("Marketing and advertising", "Маркетинг и реклама"),
    ("Science and research", "Наука и исследования"),
    ("Culture, arts and media", "Культура, искусство и СМИ"),
    ("Sport", "Спорт"),
    ("Tourism and hospitality", "Туризм и гостеприимство"),
    ("Agriculture and food", "Сельское хозяйство и продукты питания"),
    ("Education", "Образование"),
]

LANGUAGES = [
    "en",
    "ru",
    "fr",
    "de",
    "es",
    "it",
    "pt",
    "nl",
    "pl",
    "uk",
    "fi",
    "sv",
    "bg",
    "ka",
    "tr",
    "ar",
    "zh",
    "ja",
    "ko",
    "hy",
    "az",
    "kk",
    "he",
    "el",
    "cs",
]


def load(Service, Topic, Language) -> None:
    for position, (code, kind, name, name_ru) in enumerate(SERVICES, start=1):
        Service.objects.get_or_create(
            code=code,
            defaults={
                "kind": kind,
                "name": name,
                "name_translations": {"ru": name_ru},
                "position": position * 10,
            },
        )
    for name, name_ru in TOPICS:
        Topic.objects.get_or_create(name=name, defaults={"name_translations": {"ru": name_ru}})
    for code in LANGUAGES:
        Language.objects.get_or_create(code=code)
