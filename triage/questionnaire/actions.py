"""What the results box says to do: the actions of the warning signs at the result's level, each
thing once, without the level's timeframe that the box's title says already (issue 21 item 4), and
the emergency signs for the call handler. Plain text in, plain text out, in any language."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from triage.vocabulary import CONDITION_WORDS, NOT_A_CONDITION, OWN_TIMEFRAME_WORDS

# Between sentences: after . ! ? and a space, or right after a Chinese full stop, ! or ?.
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[。！？])")
CJK_SENTENCE_END = ("。", "！", "？")
# What is left of a sentence to compare it with another: letters and digits only.
NOT_A_WORD = re.compile(r"[\W_]+")


def unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


# A further sentence most of whose letter pairs were said already ("Call your GP surgery today or
# NHS 111 for a blood test." after "Contact your surgical team, your GP surgery or NHS 111 today for a
# calcium blood test.") says the same thing again: it is left out. Letter pairs work the same in
# English and Chinese; the bar is high, so a sentence with anything of its own stays. An action's
# first sentence says what to do at its level, which the box has said once already, so its bar is
# lower: "Book an appointment with your GP in the next few days." after "Book to see your GP in the
# next few days; they may refer you..." goes (0.76), "Wash the bite with soap and water, and get
# medical help today..." stays (0.63).
SAID_ALREADY = 0.85
FIRST_SAID_ALREADY = 0.75


def letter_pairs(text: str) -> set[str]:
    key = NOT_A_WORD.sub("", text.casefold())
    return {key[i : i + 2] for i in range(len(key) - 1)}


def distinct_actions(red_flags: Iterable[dict], urgency: str, title: str = "") -> list[str]:
    """What the warning signs at the result's level say to do, each thing once: the first action in
    full, then only what each further one adds ("If you drink heavily every day, do not stop
    suddenly..." rather than "Book an appointment with your GP." again). A sentence that only says
    the box's title again ("Call 999 or go to A&E now.") is left out: the title says it; so is one
    that nearly all of was said already (SAID_ALREADY), and the level's own timeframe
    (without_own_timeframe). When a later action's first sentence says an earlier one's in full and
    more ("Book to see your GP; they may refer you urgently to a neurologist" after "Book an
    appointment with your GP"), the fuller one takes the earlier one's place."""
    said: set[str] = {NOT_A_WORD.sub("", title)} if title else set()
    said_pairs: set[str] = letter_pairs(title) if title else set()
    actions: list[list[str]] = []
    firsts: list[tuple[int, set[str]]] = []  # each kept first sentence: its action and letter pairs
    for action in unique(f["action"] for f in red_flags if f["urgency"] == urgency):
        new: list[str] = []
        for number, written in enumerate(SENTENCE_END.split(action.strip())):
            # Compared as written (its timeframe too: two wordings of "book your GP in the next few
            # days" are one instruction), shown without the box's timeframe.
            compared = without_title(written, title)
            sentence = without_own_timeframe(compared, urgency)
            key = NOT_A_WORD.sub("", sentence)
            pairs = letter_pairs(compared)
            if not key or key in said:
                continue
            bar = FIRST_SAID_ALREADY if number == 0 else SAID_ALREADY
            if actions and pairs and len(pairs & said_pairs) >= bar * len(pairs):
                continue
            said.add(key)
            said_pairs |= pairs
            if number == 0:
                fuller = next((i for i, p in firsts if len(p & pairs) >= FIRST_SAID_ALREADY * len(p)), None)
                if fuller is not None:
                    actions[fuller][0] = sentence.strip()
                    continue
                firsts.append((len(actions), pairs))
            new.append(sentence.strip())
        if new:
            actions.append(new)
    return [joined_sentences(sentences) for sentences in actions]


# What may follow a title that a sentence opens with: "Get medical help today: contact your GP ...".
AFTER_TITLE = ":：,，;；"
# A word that joined what follows to the title, left hanging once the title is taken away.
JOINING_WORD = re.compile(r"^(?:and|then)\s+|^(?:並且|並|然後)", re.IGNORECASE)


def without_title(sentence: str, title: str) -> str:
    """The sentence without an opening that says the box's title again ("Get medical help today:
    contact your GP surgery..." under the title "Get medical help today" becomes "Contact your GP
    surgery..."): the level and its timeframe are said once, in the title."""
    stripped = sentence.strip()
    if not title or not stripped.casefold().startswith(title.casefold()):
        return sentence
    rest = stripped[len(title) :]
    if not rest or rest[0] not in AFTER_TITLE:
        return sentence
    # "Call 999 or go to A&E now, and say that you have had cancer" -> "Say that you have had cancer".
    rest = JOINING_WORD.sub("", rest[1:].strip())
    return rest[:1].upper() + rest[1:] if rest else ""


def _word_pattern(words: Iterable[str]) -> re.Pattern[str]:
    # An English word stands between word boundaries; a Chinese one between any characters.
    parts = [rf"\b{re.escape(w)}\b" if w.isascii() else re.escape(w) for w in words]
    return re.compile("|".join(parts), re.IGNORECASE)


OWN_TIMEFRAME = {level: _word_pattern(words) for level, words in OWN_TIMEFRAME_WORDS.items()}
CONDITIONAL = _word_pattern(CONDITION_WORDS)
POLITE = _word_pattern(NOT_A_CONDITION)


def without_own_timeframe(sentence: str, urgency: str) -> str:
    """The sentence without the timeframe of the level it is shown under, unless it has a condition
    (vocabulary.OWN_TIMEFRAME_WORDS): the box's title says when, once."""
    pattern = OWN_TIMEFRAME.get(urgency)
    if pattern is None or CONDITIONAL.search(POLITE.sub("", sentence)) or not pattern.search(sentence):
        return sentence
    # " today for a test" -> " for a test"; "today: contact" -> ": contact"; "請今天打電話" -> "請打電話".
    text = pattern.sub("", sentence)
    text = re.sub(r"[ \t]+([,.:;!?])", r"\1", text)
    return re.sub(r"[ \t]{2,}", " ", text).strip()


def joined_sentences(sentences: Sequence[str]) -> str:
    """Sentences as one text: a space after each, but none after a Chinese full stop."""
    text = ""
    for sentence in sentences:
        text += sentence if not text or text.endswith(CJK_SENTENCE_END) else f" {sentence}"
    return text


def emergency_signs(red_flags: Iterable[dict]) -> list[str]:
    """The emergency warning signs, each once, for the call handler: the sign first."""
    return unique(f["title"] for f in red_flags if f["urgency"] == "emergency")
