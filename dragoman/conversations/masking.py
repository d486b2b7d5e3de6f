"""Hiding contact details in messages between a client and an anonymous linguist.

Neither side of a conversation may take the work off the platform, so e-mail addresses, phone
numbers and messenger or social-network handles typed by one side are replaced by ``MASK``
before the other side sees the message. The UI adds a translated note next to masked messages;
``MASK`` itself stays a plain constant so that stored text does not depend on a language.

Approach
--------
The text goes through a fixed sequence of detectors; each one proposes spans, and a span is
taken only if it does not overlap one taken before it. The order is the order of confidence:

1. links to messengers and social networks (``t.me/…``, ``wa.me/…``, ``skype:…``);
2. e-mail addresses, then obfuscated ones ("lena at example dot com", "lena(at)example.com");
3. ordinary web links are *shielded*, not masked: the product shows them as clickable links,
   and a meeting link full of digits (Zoom, Teams) is legitimate;
4. a value after a contact keyword ("telegram: lena_k", "my number is 345-67-89");
5. phone numbers on their own, in any country's format;
6. "@handles".

Phone numbers are recognised by shape rather than with ``phonenumbers``: parsing a national
format ("020 7946 0958", "06 12 34 56 78") needs the writer's country, which we do not know,
and strict validation would let through numbers from ranges the library's metadata does not
know yet. A run of digits joined by spaces, dots, hyphens, slashes or brackets is a phone when
it has 7-15 digits after "+" or "00", or 9-12 digits otherwise; dates, decimals, IP addresses,
thousand-grouped amounts, lists of years and numbers named by a nearby word ("order", "ISBN",
"IBAN", a currency, "words") are not.

Trade-offs
----------
A leaked contact defeats the purpose of the anonymity, while a wrongly hidden number only costs
the reader a question, so the rules lean towards masking where a contact is likely:

* Any run of 9-12 digits in phone-like groups is masked, even a bare reference number or a
  count written "146 150 789" (Spain and Poland write mobile numbers that way);
  "ref 1234567890" and "meeting ID 912 3456 7890" are kept only because of the word before.
  Numbers of 8 digits or fewer are kept unless a contact keyword precedes them, so a 7-digit
  local number without one ("call 555-2671") gets through.
* After a contact keyword with a colon ("skype: lena"), any word is masked, so "skype:
  unavailable" loses its last word; a short list of common words ("skype: not yet") is kept.
* Every link to a social network is masked, a company page included.
* An "@" followed by a space ("2 @ €30", "lunch @ 12:00") is read as the word "at" and kept;
  "@word" with three or more characters is a handle and is masked ("@everyone", "@here" and
  a few other words are not).
* Bare "at"/"dot" words make an address only with a known top-level domain after "dot"
  ("meet at the dot of noon" stays), or with a known mail provider ("lena at gmail.com");
  "see you at example.com" stays, since it names a website.
* Digits joined only by spaces are judged together, so a phone number right after a short
  number ("room 12 89123456789") reads as one 13-digit number and is kept. Trying every part
  of such a run would find "phones" inside every IBAN and card number instead. Two numbers
  that each look whole ("89123456789 89123456780") are judged apart.

All patterns are linear: repetitions are possessive or end at a character that cannot occur
inside them, and every pattern tried at each position first checks one character (a letter it
can start with, or not being inside a word), so a 10 000-character message is scanned in a few
milliseconds and no input makes a pattern backtrack catastrophically.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

MASK = "[contact details hidden]"


@dataclass(frozen=True)
class Masked:
    text: str  # the text with every detected contact detail replaced by MASK
    hidden: int  # how many spans were replaced


def mask_contacts(text: str) -> Masked:
    """The text with every contact detail replaced by ``MASK``, and how many were replaced."""
    spans = _contact_spans(text)
    if not spans:
        return Masked(text=text, hidden=0)
    parts: list[str] = []
    position = 0
    for start, end in spans:
        parts.append(text[position:start])
        parts.append(MASK)
        position = end
    parts.append(text[position:])
    return Masked(text="".join(parts), hidden=len(spans))


def has_contacts(text: str) -> bool:
    """Whether the text contains at least one contact detail that ``mask_contacts`` hides."""
    return bool(_contact_spans(text))


Span = tuple[int, int]


class _Spans:
    """Disjoint spans kept sorted by start, so that an overlap check is a binary search."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.starts, start)
        if i > 0 and self.ends[i - 1] > start:
            return True
        return i < len(self.starts) and self.starts[i] < end

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_right(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)

    def spans(self) -> list[Span]:
        return list(zip(self.starts, self.ends, strict=True))


def _contact_spans(text: str) -> list[Span]:
    masked = _Spans()
    for detector in (_messenger_links, _emails, _obfuscated_emails):
        for start, end in detector(text):
            if not masked.overlaps(start, end):
                masked.add(start, end)
    # A website link may contain what looks like a phone number or a handle (a meeting id, a
    # path with "@"); what was found inside it above is still masked, nothing more is.
    shielded = _Spans()
    for start, end in _web_links(text):
        if not shielded.overlaps(start, end):
            shielded.add(start, end)
    for detector in (_keyword_values, _phones, _handles):
        for start, end in detector(text):
            if not masked.overlaps(start, end) and not shielded.overlaps(start, end):
                masked.add(start, end)
    return masked.spans()


def _search_all(
    pattern: re.Pattern[str], text: str, accept: Callable[[re.Match[str]], bool]
) -> Iterator[re.Match[str]]:
    """Matches of the pattern that ``accept`` keeps. After a rejected match the search goes on
    from the next character rather than after the match, because a true match may start inside
    a rejected one ("meet at the dot of lena at example dot com")."""
    position = 0
    while match := pattern.search(text, position):
        if accept(match):
            yield match
            position = max(match.end(), match.start() + 1)
        else:
            position = match.start() + 1


# Characters a link may end with; trailing punctuation belongs to the sentence.
_LINK_BODY = r"[^\s<>\"'«»]*"
_LINK = rf"(?:{_LINK_BODY}(?<=[^\s<>\"'«».,;:!?)\]}}]))"

_MESSENGER_HOSTS = "|".join(
    (
        r"t\.me",
        r"telegram\.(?:me|dog)",
        r"tlgrm\.(?:me|ru)",
        r"wa\.me",
        r"(?:api|chat|web)\.whatsapp\.com",
        r"signal\.(?:me|group)",
        r"(?:[\w-]+\.)?facebook\.com",
        r"fb\.(?:com|me)",
        r"m\.me",
        r"messenger\.com",
        r"instagram\.com",
        r"instagr\.am",
        r"vk\.(?:com|me|ru)",
        r"ok\.ru",
        r"linkedin\.com",
        r"lnkd\.in",
        r"twitter\.com",
        r"x\.com",
        r"tiktok\.com",
        r"threads\.net",
        r"snapchat\.com",
        r"discord(?:app)?\.(?:gg|com|me)",
        r"line\.me",
        r"u\.wechat\.com",
        r"weixin\.qq\.com",
        r"invite\.viber\.com",
        r"join\.skype\.com",
        r"icq\.im",
    )
)
_MESSENGER_LINK = re.compile(
    # Every alternative starts with a Latin letter; checking it first lets the search skip the
    # other positions cheaply.
    rf"(?=[a-z])(?:(?<![\w.@-])(?:https?://)?(?:(?:www|m|mobile|web)\.)?(?:{_MESSENGER_HOSTS})/{_LINK}"
    # Links that open an app directly; "skype:live:lena" is how Skype shows an account.
    rf"|(?<![\w.-])(?:tg|viber|whatsapp|skype|sgnl|weixin|fb-messenger):(?://)?{_LINK}"
    rf"|(?<![\w.-])line://{_LINK})",
    re.IGNORECASE,
)


def _messenger_links(text: str) -> Iterator[Span]:
    for match in _MESSENGER_LINK.finditer(text):
        yield match.span()


# Providers whose name alone makes "lena at gmail.com" or "lena@gmail" an address.
_PROVIDERS = (
    "gmail|googlemail|yandex|ya|mail|bk|list|inbox|rambler|outlook|hotmail|live|msn|yahoo|"
    "icloud|me|mac|proton|protonmail|pm|gmx|web|ukr|i|qq|163|126|aol|zoho|tutanota|seznam|"
    "wp|o2|onet|interia|libero|orange|free|laposte|t-online|naver|daum"
)
_EMAIL = re.compile(
    r"(?<![\w.+%-])[\w.+%-]++@"
    rf"(?:(?:[\w-]+\.)+(?:[^\W\d_]{{2,}}|xn--[\w-]+)|(?:{_PROVIDERS})(?![\w.@-]))",
    re.IGNORECASE,
)


def _emails(text: str) -> Iterator[Span]:
    for match in _EMAIL.finditer(text):
        yield match.span()


_AT_BRACKETED = r"\s*+[(\[{<]\s*+(?:at|@|собака|собачка)\s*+[)\]}>]\s*+"
_AT_SIGN_SPACED = r"\s++@\s++"
_AT_WORD = r"\s++(?:at|собака|собачка)\s++"
_DOT_BRACKETED = r"\s*+[(\[{<]\s*+(?:dot|точка|\.)\s*+[)\]}>]\s*+"
_DOT_WORD = r"\s++(?:dot|точка)\s++"
_DOT = re.compile(rf"{_DOT_BRACKETED}|{_DOT_WORD}|\.", re.IGNORECASE)
_OBFUSCATED_EMAIL = re.compile(
    # "lena dot k at gmail dot com": the dots of the local part may be spelt out too.
    rf"(?<![\w.+%-])(?P<local>[\w.+%-]++(?:(?:{_DOT_BRACKETED}|{_DOT_WORD})[\w.+%-]++){{0,3}}+)"
    rf"(?P<at>{_AT_BRACKETED}|{_AT_SIGN_SPACED}|{_AT_WORD})"
    rf"(?P<domain>[\w-]++(?:(?:{_DOT.pattern})[\w-]++)*+)",
    re.IGNORECASE,
)
# Top-level domains common enough to trust after a bare "dot"; those that are also short
# English words ("in", "at", "no", "me", "it", "to", "co") are left out on purpose.
# fmt: off
_TLDS_AFTER_WORDS = frozenset({
    "com", "org", "net", "edu", "gov", "info", "biz", "pro", "online", "email", "mail", "dev",
    "app", "io", "ru", "su", "рф", "uk", "de", "fr", "es", "pt", "nl", "be", "ch", "li", "lu",
    "pl", "cz", "sk", "hu", "ro", "bg", "rs", "hr", "si", "ua", "by", "kz", "uz", "kg", "am", "ge",
    "az", "md", "lt", "lv", "ee", "fi", "se", "dk", "eu", "ie", "gr", "tr", "il", "ae", "cn", "jp",
    "kr", "tw", "hk", "sg", "au", "nz", "ca", "us", "mx", "br", "ar", "cl", "za",
})
# fmt: on
_PROVIDER_NAMES = frozenset(_PROVIDERS.split("|"))


def _is_obfuscated_email(match: re.Match[str]) -> bool:
    labels = _DOT.split(match["domain"])
    if len(labels) < 2:
        return False
    top = labels[-1].lower()
    if not (top.isalpha() and len(top) >= 2):
        return False
    if match["at"].strip().lower() not in {"at", "собака", "собачка"}:
        # Brackets or a spaced "@" are never prose.
        return True
    if all(dot == "." for dot in _DOT.findall(match["domain"])):
        # "at example.com" may name a website, so only a mail provider makes it an address.
        return labels[0].lower() in _PROVIDER_NAMES
    return top in _TLDS_AFTER_WORDS


def _obfuscated_emails(text: str) -> Iterator[Span]:
    for match in _search_all(_OBFUSCATED_EMAIL, text, _is_obfuscated_email):
        yield match.span()


_WEB_LINK = re.compile(
    rf"(?:https?://|www\.){_LINK}"
    rf"|(?<![\w.@/-])(?:[a-z0-9-]++\.)++[a-z]{{2,}}/{_LINK}",
    re.IGNORECASE,
)


def _web_links(text: str) -> Iterator[Span]:
    for match in _WEB_LINK.finditer(text):
        yield match.span()


# Messengers whose name is rarely anything else: "telegram lena_k" is enough.
# fmt: off
_MESSENGER_WORDS = (
    "telegram", r"телеграмм?\w*", r"телег[аеуи]", "tg", "тг", r"whats\s?app", r"вотсапп?\w*",
    r"ватсапп?\w*", r"вацапп?\w*", "skype", r"скайп\w*", "viber", r"вайбер\w*", "wechat", "weixin",
    r"вичат\w*", "discord", r"дискорд\w*", "instagram", "insta", r"инстаграмм?\w*", r"инст[аеуы]",
    "snapchat", "kakao(?:talk)?", "icq", "threema", "zalo", r"line\s+id",
)
# Names that are also ordinary words or abbreviations: only "signal: lena" or "my vk is lena".
_WEAK_WORDS = (
    "signal", "ig", "fb", "facebook", r"фейсбук\w*", "vk", "вк", "vkontakte", "вконтакте",
    "twitter", "tiktok", r"тикток\w*", "threads", "linkedin", r"линкедин\w*",
)
_PHONE_WORDS = (
    "phone", "telephone", "tel", "mobile", "mob", "cell(?:phone)?", r"call\s+me", r"text\s+me",
    r"ring\s+me", r"my\s+number", r"phone\s+number", "sms", r"телефон\w*", "тел", r"моб\w*",
    r"сотов\w*", r"мой\s+номер", r"номер\s+телефона", r"звони\w*", r"позвони\w*", r"набери\w*",
    "смс",
)
# fmt: on
# Every word above starts with a plain letter. Checking that letter before the alternatives
# makes the search skip most positions at once; without it the pattern costs ten times more.
_KEYWORD_INITIALS = "".join(
    sorted({word[0] for word in _MESSENGER_WORDS + _WEAK_WORDS + _PHONE_WORDS})
)
_KEYWORD = re.compile(
    rf"(?=[{_KEYWORD_INITIALS}])(?<!\w)"
    rf"(?:(?P<messenger>{'|'.join(_MESSENGER_WORDS)})|(?P<weak>{'|'.join(_WEAK_WORDS)})"
    rf"|(?P<phone>{'|'.join(_PHONE_WORDS)}))(?!\w)",
    re.IGNORECASE,
)
_PHONE_VALUE = r"\+?[ \u00a0]?\(?\d[\d \u00a0().\-/]*(?<=[\d)])"
_AFTER_KEYWORD = re.compile(
    r"\.?"
    r"(?P<qualifier>\s*+(?:id|user\s?name|user|nick(?:name)?|handle|login|account|number|"
    r"ник|никнейм|логин|аккаунт|номер)(?!\w)\.?)?"
    r"(?P<sep>\s*[:=]\s*|\s+(?:is|это)\s+|\s*[–—-]\s*|\s+(?:me\s+)?(?:at|on|в)\s+|\s+)"
    rf"(?P<value>{_PHONE_VALUE}|@?\w(?:[\w.\-#:]*(?<=\w))?)",
    re.IGNORECASE,
)
_POSSESSIVE_BEFORE = re.compile(r"(?<!\w)(?:my|our|мой|моя|мои|наш|наша)\s+$", re.IGNORECASE)
# Words that follow "skype:" or "my telegram is" in ordinary sentences.
# fmt: off
_NOT_A_HANDLE = frozenset({
    "is", "isn't", "not", "no", "none", "yes", "the", "a", "an", "and", "or", "but", "me", "my",
    "you", "your", "us", "our", "it", "its", "to", "on", "in", "at", "for", "with", "here",
    "there", "please", "pls", "later", "now", "ok", "okay", "also", "too", "was", "were", "will",
    "would", "can", "could", "should", "does", "doesn", "don't", "down", "blocked", "broken",
    "banned", "closed", "chat", "call", "calls", "group", "channel", "link", "app", "account",
    "number", "preferred", "better", "fine", "same", "only", "и", "или", "но", "не", "нет", "да",
    "мне", "меня", "мой", "моя", "в", "на", "с", "это", "тоже", "только", "тут", "там",
    "пожалуйста",
})
# fmt: on
_MIN_DIGITS_AFTER_KEYWORD = 5
_LONGEST_NUMBER = 15  # ITU-T E.164
# How far before a match to look for the word that explains it ("my", "order", "ISBN").
_CONTEXT = 30


def _keyword_values(text: str) -> Iterator[Span]:
    for keyword in _KEYWORD.finditer(text):
        match = _AFTER_KEYWORD.match(text, keyword.end())
        if match is None:
            continue
        value = match["value"]
        digits = sum(char.isdigit() for char in value)
        if value[0] in "+(" or value[0].isdigit():
            # A number after a contact word is a phone even when short ("тел. 12-34-56").
            if _MIN_DIGITS_AFTER_KEYWORD <= digits <= _LONGEST_NUMBER:
                yield match.span("value")
            continue
        if keyword["phone"] or value.lower().lstrip("@") in _NOT_A_HANDLE:
            continue
        sep = match["sep"].strip().lower()
        explicit = bool(match["qualifier"]) or sep in {":", "="}
        # Only the few characters before the keyword are searched, so that a message full of
        # keywords is not read again for each of them.
        window = max(0, keyword.start() - _CONTEXT)
        possessive = bool(_POSSESSIVE_BEFORE.search(text, window, keyword.start()))
        if possessive and sep in {"is", "это", "-", "–", "—"}:
            explicit = True
        # A handle rarely is a plain word: it has "@", or a digit, "_", "." or ":" in it.
        handle_like = value.startswith("@") or (
            any(char.isalpha() for char in value)
            and any(char.isdigit() or char in "._#:" for char in value)
        )
        if explicit or (keyword["messenger"] and handle_like):
            yield match.span("value")


# A candidate run of digits joined by what people put between the parts of a phone number.
# It may not start right after a letter, a digit, a currency sign or an identifier's
# punctuation, so "INV-2026-0042", "v2.3.1", "#1234", "€1250" and "UTC+3" never start one.
_PHONE_RUN = re.compile(r"(?<![\w@/#№$€£¥₽₴.,+=%&-])(?:\+[ \u00a0]?)?\(?\d[\d \u00a0().\-/]*+")
_TOKEN = re.compile(r"[^ \u00a0]+")
# Tokens that are certainly not part of a phone number and split a run in two.
_DATE = re.compile(
    r"(?P<a>\d{1,2})[./](?P<b>\d{1,2})[./](?:\d{4}|\d{2})"
    r"|(?P<c>\d{1,2})-(?P<d>\d{1,2})-\d{4}"
    r"|(?:19|20)\d\d[./-](?P<e>\d{1,2})[./-](?P<f>\d{1,2})"
)
_NOT_PHONE_TOKEN = re.compile(
    r"\d{1,3}(?:\.\d{1,3}){3}"  # an IP address
    r"|\d+[.,]\d{1,2}"  # an amount with cents or a decimal
    r"|\d{1,3}\.\d{4,}"  # a coordinate
    r"|(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?:[-/.]\d+)?"  # dated reference
    r"|(?:19|20)\d\d([-/.])\d{1,2}\1\d{1,2}(?:[-/.]\d+)+"  # "2026-11-29-001"
)
_NOT_PHONE_BEFORE = re.compile(
    r"(?:(?<!\w)(?:order|invoice|inv|ref|reference|request|ticket|case|isbn|issn|iban|swift|bic|"
    r"account|acct|tracking|room|rooms|page|pages|id|no|nr|code|contract|version|ver|build|"
    r"serial|passcode|password|pin|код|пароль|заказ\w*|сч[её]т\w*|заявк\w*|договор\w*|"
    r"артикул\w*|версия|инн|огрн|кпп|бик|стр)|[#№€$£¥₽₴])[\s:.#№-]*$",
    re.IGNORECASE,
)
_NOT_PHONE_AFTER = re.compile(
    r"\s*(?:[%€$£¥₽₴]|(?:eur|usd|gbp|chf|uah|kzt|cny|jpy|rub|euros?|dollars?|руб\w*|евро|"
    r"долл\w*|words?|слов\w*|chars?|characters?|знак\w*|символ\w*|people|чел\w*)(?!\w))",
    re.IGNORECASE,
)
_FEWEST_DIGITS = 7


def _phones(text: str) -> Iterator[Span]:
    for run in _PHONE_RUN.finditer(text):
        if sum(char.isdigit() for char in run.group()) < _FEWEST_DIGITS:
            continue  # most runs in a message are a count, a time or a year
        for start, end in _phone_candidates(run):
            if (
                _looks_like_phone(text[start:end])
                and not _NOT_PHONE_BEFORE.search(text, max(0, start - _CONTEXT), start)
                and not _NOT_PHONE_AFTER.match(text, end)
            ):
                yield start, end


def _phone_candidates(run: re.Match[str]) -> Iterator[Span]:
    """Parts of a run that might each be one phone number: a run is cut at dates, decimals and
    similar tokens, and between two tokens that each look like a whole number already."""
    segment: list[Span] = []
    previous_digits = 0
    for token in _TOKEN.finditer(run.group()):
        bare = token.group().strip("()-./")
        if bare.isdigit():
            # The common case, and the only one in a long run of numbers: skip the patterns.
            digits = len(bare)
            breaker = digits >= 8 and bool(_NOT_PHONE_TOKEN.fullmatch(bare))
        else:
            digits = sum(char.isdigit() for char in bare)
            breaker = _is_date(bare) or bool(_NOT_PHONE_TOKEN.fullmatch(bare))
        if breaker or (digits >= 7 and previous_digits >= 7):
            if segment:
                yield _trimmed(run, segment[0][0], segment[-1][1])
            segment = []
        if not breaker:
            segment.append(token.span())
        previous_digits = digits
    if segment:
        yield _trimmed(run, segment[0][0], segment[-1][1])


def _is_date(token: str) -> bool:
    match = _DATE.fullmatch(token)
    if match is None:
        return False
    # Either order of day and month, since both are written.
    first, second = (int(part) for part in match.groups() if part is not None)
    return 1 <= min(first, second) <= 12 and max(first, second) <= 31


def _trimmed(run: re.Match[str], start: int, end: int) -> Span:
    """The segment without the punctuation of the sentence around it: a closing bracket stays
    only when the number opened it, "(495) 123-45-67" keeps both, "(call 8 912…)" neither."""
    value = run.group()
    while end > start and not value[end - 1].isdigit():
        if value[end - 1] == ")" and value.count("(", start, end) >= value.count(")", start, end):
            break
        end -= 1
    if (
        start < end
        and value[start] == "("
        and value.count("(", start, end) > value.count(")", start, end)
    ):
        start += 1
    return run.start() + start, run.start() + end


def _looks_like_phone(candidate: str) -> bool:
    digits = "".join(char for char in candidate if char.isdigit())
    if candidate.startswith("+"):
        return _FEWEST_DIGITS <= len(digits) <= _LONGEST_NUMBER
    if digits.startswith("00") and digits[2:3] not in {"", "0"}:
        return _FEWEST_DIGITS <= len(digits) - 2 <= _LONGEST_NUMBER
    # National formats have 9-12 digits with the trunk prefix: "020 7946 0958", "8 912 345 67
    # 89", "06 12 34 56 78". Fewer digits look like references, more like bank or card numbers.
    if not 9 <= len(digits) <= 12:
        return False
    groups = re.findall(r"\d+", candidate)
    if len(groups) >= 3 and all(len(g) == 4 and g[:2] in {"19", "20"} for g in groups):
        return False  # a list of years
    amount = (
        len(groups) >= 4
        and len(groups[0]) <= 3
        and all(len(g) == 3 for g in groups[1:])
        and not set(candidate) - set("0123456789 \u00a0.")
    )
    return not amount  # "1 250 000 000" or "1.250.000.000"


_HANDLE = re.compile(r"(?<![\w@.+/-])@(?P<name>[^\W\d_][\w.]*(?<=\w))")
_MIN_HANDLE = 3
# Mentions that chat users type without meaning an account.
_NOT_A_MENTION = frozenset(
    {"all", "everyone", "here", "channel", "home", "work", "noon", "night", "room", "team"}
)


def _handles(text: str) -> Iterator[Span]:
    for match in _HANDLE.finditer(text):
        name = match["name"]
        if len(name) >= _MIN_HANDLE and name.lower() not in _NOT_A_MENTION:
            yield match.span()
