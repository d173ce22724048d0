"""The words notes are written in: section words, week words, role folders, the words that classify an item by
itself, and the headings `notes` writes. Data tables, one per kind and language, so that a new language or a
new word touches this file only. Pure.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import NamedTuple

from .links import URL_HOST, URL_IN_TEXT
from .model import Section, Task, week_number
from .text import lazy_pattern

# ---- Section words: a heading holding one of these (a whole word, any case) names that section ------------

READING_WORDS = {
    "en": (
        "reading", "readings", "reading list", "papers", "articles", "books", "book list", "videos",
        "lectures to watch", "watch", "literature", "required reading", "learning tasks", "materials", "to read",
        "websites",
    ),
    "es": ("lectura", "lecturas", "lecturas obligatorias", "bibliografía", "artículos", "libros", "materiales"),
    "pt": ("leitura", "leituras", "artigos", "livros", "vídeos", "materiais", "bibliografia"),
    "de": ("lektüre", "literatur", "leseliste", "artikel", "bücher", "materialien"),
    "fr": ("à lire", "bibliographie", "livres", "vidéos", "lectures obligatoires"),
    "it": ("letture", "lettura", "articoli", "libri", "bibliografia"),
    "zh": ("阅读", "读物", "论文", "视频"),
    "ja": ("読書", "読み物", "論文", "動画"),
}  # fmt: skip
EXERCISE_WORDS = {
    "en": (
        "exercise", "exercises", "assignment", "assignments", "homework", "problem set", "problem sets", "pset",
        "psets", "labs", "practice", "projects", "deliverable", "deliverables", "hands-on", "quizzes", "challenges",
        "coding", "worksheets", "exercise sheets", "coursework",
    ),
    "es": ("ejercicio", "ejercicios", "tareas", "prácticas", "proyectos", "problemas"),
    "pt": ("exercício", "exercícios", "tarefas", "práticas", "projetos", "lista de exercícios"),
    "de": ("übung", "übungen", "aufgaben", "übungsblätter", "hausaufgaben", "praktikum", "projekte"),
    "fr": ("exercice", "exercices", "devoirs", "travaux pratiques", "projets"),
    "it": ("esercizio", "esercizi", "compiti", "progetti"),
    "zh": ("练习", "作业", "习题", "实验", "项目"),
    "ja": ("課題", "演習", "宿題", "練習問題"),
}  # fmt: skip
# Headings that say their items are neither (goals, checks, setup): the item rules stay out of them.
OTHER_WORDS = {
    "en": (
        "objectives", "learning objectives", "goals", "success criteria", "evaluation", "evaluation criteria",
        "prerequisites", "requirements", "grading", "rubric",
    ),
    "es": ("objetivos", "criterios de evaluación", "evaluación", "requisitos"),
    "pt": ("objetivos", "critérios de avaliação", "avaliação", "requisitos"),
    "de": ("lernziele", "ziele", "bewertung", "voraussetzungen"),
    "fr": ("objectifs", "évaluation", "prérequis"),
    "it": ("obiettivi", "valutazione", "requisiti"),
    "zh": ("目标", "评估"),
    "ja": ("目標", "評価"),
}  # fmt: skip
# The heading `notes` writes over items of no section when it adds one (a section's own is its label).
TASKS_HEADING = "Tasks"

# ---- Week words: the number follows the word (`week 3`, `Semana_2`), or goes where `{n}` is (`第{n}周`);
# `{nn}` is exactly two digits (`W07`). Each word names a unit of study, shown as the notes name it.
WEEK_WORDS = {
    "week": (
        "week", "wk", "W{nn}", "semana", "woche", "semaine", "settimana", "第{n}周", "第{n}週",
    ),
    "lesson": ("lesson", "lektion", "lección", "leccion", "lição", "lezione", "leçon"),
    "unit": ("unit", "unidad", "unidade", "einheit", "unité", "unità"),
    "module": ("module", "modul", "módulo", "modulo"),
    "session": ("session", "sesión", "sessão", "sitzung", "séance", "sessione"),
}  # fmt: skip
NOT_WORD = lazy_pattern(r"[^\w]+")  # what a week word's parts are joined with when it is written
UNIT_OF = {word.casefold(): unit for unit, words in WEEK_WORDS.items() for word in words}

# ---- Folders that hold notes without naming a course (besides week and unit folders) ---------------------
ROLE_FOLDERS = frozenset(
    (
        "_posts", "_drafts", "notes", "docs", "doc", "content", "checkpoints", "progress", "resources",
        "weekly-issues", "weekly", "weeks", "exercises", "ejercicios", "exercícios", "übungen", "exercices",
        "esercizi", "src", "pages", "posts", "lessons", "lectures", "homework", "assignments", "readings",
    )
)  # fmt: skip
# Files that a folder's tools show under the folder's name.
INDEX_NAMES = frozenset(("readme", "index", "_index"))


# ---- An item that names no section by its heading: its leading verb, a noun it names, its link -------------
class ItemWords(NamedTuple):
    """One language's words that put an item in a section by themselves: a leading verb, or a noun it names."""

    reading_verbs: tuple[str, ...]
    exercise_verbs: tuple[str, ...]
    reading_nouns: tuple[str, ...]
    exercise_nouns: tuple[str, ...]


ITEM_WORDS = {
    "en": ItemWords(
        (
            "read", "reread", "re-read", "watch", "watched", "listen", "listened", "skim", "skimmed", "learn",
            "understand", "study", "review",
        ),
        (
            "solve", "solved", "implement", "implemented", "submit", "submitted", "complete", "completed", "finish",
            "finished", "practice", "practise", "build", "built", "create", "created", "write", "wrote", "code",
            "program", "prove", "derive", "compute", "answer", "train", "run", "explain", "develop", "design", "deploy",
            "test", "do", "initialize", "configure", "extract", "generate", "estimate", "analyze", "analyse", "compare",
            "measure", "evaluate", "benchmark", "debug", "fix", "refactor", "optimize", "prepare", "fork", "forked",
            "replicate", "replicated",
        ),
        (
            "paper", "papers", "chapter", "chapters", "video", "videos", "book", "books", "article", "articles",
            "lecture notes", "slides", "notebook", "notebooks", "documentation", "blog post", "podcast",
        ),
        (
            "exercise", "exercises", "homework", "quiz", "quizzes", "lab", "labs", "problem", "problems", "assignment",
            "assignments", "project", "projects", "exercise sheet", "problem set", "pset", "classwork", "worksheet",
            "questionnaire", "questions", "kata",
        ),
    ),
    "es": ItemWords(
        ("leer", "lee", "ver", "mirar", "escuchar", "estudiar", "repasar"),
        ("resolver", "implementar", "entregar", "completar", "escribir", "hacer", "programar", "practicar"),
        ("artículo", "capítulo", "libro", "vídeo", "video", "apuntes", "notebook", "notebooks"),
        ("ejercicio", "ejercicios", "tarea", "tareas", "práctica", "proyecto", "problema"),
    ),
    "pt": ItemWords(
        ("ler", "assistir", "ouvir", "estudar", "revisar"),
        ("resolver", "implementar", "entregar", "completar", "escrever", "fazer", "programar", "praticar"),
        ("artigo", "capítulo", "livro", "vídeo"),
        ("exercício", "exercícios", "tarefa", "projeto", "problema"),
    ),
    "de": ItemWords(
        ("lesen", "hören", "anschauen", "ansehen", "lernen", "wiederholen"),
        ("schreiben", "sprechen", "lösen", "implementieren", "abgeben", "bearbeiten", "programmieren", "üben"),
        ("kapitel", "buch", "artikel", "video", "skript"),
        ("übung", "übungen", "übungsblatt", "aufgabe", "aufgaben", "arbeitsbuch", "quiz", "projekt"),
    ),
    "fr": ItemWords(
        ("lire", "regarder", "écouter", "étudier", "revoir"),
        ("résoudre", "implémenter", "rendre", "écrire", "faire", "programmer", "pratiquer"),
        ("article", "chapitre", "livre", "vidéo"),
        ("exercice", "exercices", "devoir", "devoirs", "projet"),
    ),
    "it": ItemWords(
        ("leggere", "guardare", "ascoltare", "studiare", "ripassare"),
        ("risolvere", "implementare", "consegnare", "scrivere", "fare", "programmare"),
        ("articolo", "capitolo", "libro", "video"),
        ("esercizio", "esercizi", "compito", "progetto"),
    ),
    "zh": ItemWords(
        ("阅读", "读", "看", "学习"),
        ("完成", "实现", "编写", "提交", "解决"),
        ("论文", "章节", "视频", "文章"),
        ("练习", "作业", "习题", "项目", "实验"),
    ),
    "ja": ItemWords(
        ("読む", "見る", "学ぶ"),
        ("解く", "実装", "提出"),
        ("論文", "章", "動画"),
        ("課題", "演習", "宿題"),
    ),
}  # fmt: skip
# Sites whose pages are problems to solve; a link anywhere else is something to read or watch.
PRACTICE_SITES = (
    "leetcode.com", "leetcode.cn", "hackerrank.com", "exercism.org", "exercism.io", "kaggle.com", "codewars.com",
    "projecteuler.net", "codeforces.com", "atcoder.jp", "adventofcode.com", "neetcode.io", "codesignal.com",
)  # fmt: skip

DEFAULT_READING_WORDS = tuple(word for words in READING_WORDS.values() for word in words)
DEFAULT_EXERCISE_WORDS = tuple(word for words in EXERCISE_WORDS.values() for word in words)
DEFAULT_WEEK_WORDS = tuple(word for words in WEEK_WORDS.values() for word in words)


def latin_edge(char: str) -> bool:
    """Whether a word starting or ending with `char` needs a word boundary there: CJK text has no spaces."""
    return char < "\u2e80"


def word_alternatives(words: tuple[str, ...] | list[str]) -> str:
    """Any of the words or phrases, as whole words (CJK words anywhere), longest first, spaces matching any
    space; a pattern that matches nothing when there are no words."""
    latin, other = [], []
    for word in sorted({w.strip() for w in words if w.strip()}, key=len, reverse=True):
        body = r"\s+".join(map(re.escape, word.split()))
        if latin_edge(word[0]) and latin_edge(word[-1]):
            latin.append((word[0], body))  # one pair of word boundaries for all of them (quicker to match)
        else:
            lead = r"(?<!\w)" if latin_edge(word[0]) else ""
            other.append((word[0], lead + body + (r"(?!\w)" if latin_edge(word[-1]) else "")))
    alternatives = ([r"(?<!\w)" + by_first_letter(latin) + r"(?!\w)"] if latin else []) + (
        [by_first_letter(other)] if other else []
    )
    return _where_words_start(words) + "(?:" + "|".join(alternatives or ["(?!)"]) + ")"


def _where_words_start(words: tuple[str, ...] | list[str]) -> str:
    """Where one of the words may start: after a character that is no letter, digit or `_`, or at the first
    character of a word that may follow anything (CJK). Most characters of a text are inside words: the
    regex engine passes them at once instead of trying each kind of word there (a third quicker)."""
    return word_start(
        r"(?<!\w)", {re.escape(w.strip()[0]) for w in words if w.strip() and not latin_edge(w.strip()[0])}
    )


def word_start(boundary: str, anywhere: set[str]) -> str:
    """Where a match may start: at `boundary`, or at one of the characters `anywhere` (escaped for a set)."""
    return f"(?:{boundary}|(?=[{''.join(sorted(anywhere))}]))" if anywhere else boundary


def by_first_letter(alternatives: list[tuple[str, str]]) -> str:
    """The alternatives ((first character, pattern), in order) as one group, behind a test of the first
    character, and gathered by it (in any case): the regex engine then tries a few of them where a word
    starts, not all of them at every character (2-3x quicker on items and headings). The order that matters
    is kept: two words match at one place only when their first characters are the same letter in some case,
    and such words stay in one group, in the given order."""
    groups: dict[str, list[str]] = {}
    for first, pattern in alternatives:
        key = next((k for k in groups if _same_letter(k, first)), first)
        groups.setdefault(key, []).append(pattern)
    firsts = "".join(sorted({re.escape(first) for first, _ in alternatives}))
    return f"(?=[{firsts}])(?:" + "|".join("(?:" + "|".join(group) + ")" for group in groups.values()) + ")"


def _same_letter(first: str, second: str) -> bool:
    """Whether a case-insensitive pattern may match one character with either (`k`, `K`, the Kelvin sign)."""
    return bool(
        re.fullmatch(re.escape(first), second, re.IGNORECASE) or re.fullmatch(re.escape(second), first, re.IGNORECASE)
    )


def _words(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(word_alternatives(words), re.IGNORECASE)


def _either(first: tuple[str, ...], second: tuple[str, ...]) -> re.Pattern[str]:
    """The earliest of either kind of words: group 1 for the first kind, group 2 for the second (the first
    kind wins a tie)."""
    start = _where_words_start((*first, *second))
    return re.compile(f"{start}(?:({word_alternatives(first)})|({word_alternatives(second)}))", re.IGNORECASE)


def _leading(words: tuple[str, ...]) -> re.Pattern[str]:
    """One of the words as the text's first word (after any emoji, bullets or markup)."""
    return re.compile(r"^[\W_]*(" + word_alternatives(words) + ")", re.IGNORECASE)


def joined(table: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    return tuple(word for words in table.values() for word in words)


DIGIT = lazy_pattern(r"\d")  # what every week number holds (a quick test: it needs no other character)


@dataclass(frozen=True)
class WeekNumbers:
    """Week numbers in text, after any of the week words (`week 3`, `semana 01`, `第1周`, `W07`)."""

    regex: re.Pattern[str]
    units: dict[int, str | None]  # number group -> its unit (None: the unit of the word in group 1)

    @classmethod
    def of(cls, words: tuple[str, ...], gap: str) -> WeekNumbers:
        """Plain words (the number after them) make one alternative, the word in group 1 and the number in
        group 2; each word with `{n}` or `{nn}` makes one of its own, with one number group. A word starting
        with a Latin letter must not follow another letter (so "midweek3" is no week); CJK and other words may
        follow anything."""
        plain = sorted({w for w in words if "{n" not in w and w[:1].isascii() and w[:1].isalpha()}, key=len)[::-1]
        alternatives: list[str] = []
        units: dict[int, str | None] = {}
        anywhere: set[str] = set()  # the first characters of the words that may follow a letter
        if plain:
            grouped = by_first_letter([(word[0], re.escape(word)) for word in plain])
            alternatives.append(f"(?<![^\\W\\d_])({grouped}){gap}(\\d+)(?!\\d)")
            units[2] = None
        for word in sorted(set(words) - set(plain), key=len, reverse=True):
            digits = r"(\d{2})" if "{nn}" in word else r"(\d+)"
            before, _, after = word.replace("{nn}", "{n}").partition("{n}")
            lead = r"(?<![^\W\d_])" if before[:1].isascii() and before[:1].isalpha() else ""
            if not lead:
                anywhere.add(re.escape(before[0]) if before else r"\d")
            tail = gap + re.escape(after) if after else ""
            middle = "" if "{nn}" in word else (gap if before else "")
            alternatives.append(f"{lead}{re.escape(before)}{middle}{digits}(?!\\d){tail}")
            units[len(units) + 1 + (1 if plain else 0)] = UNIT_OF.get(word.casefold(), "week")
        # Most characters follow a letter: the regex engine passes them at once (see _where_words_start).
        start = word_start(r"(?<![^\W\d_])", anywhere)
        return cls(
            re.compile(start + "(?:" + "|".join(alternatives) + ")" if alternatives else "(?!)", re.IGNORECASE), units
        )

    def found(self, text: str) -> list[tuple[int | None, str, tuple[int, int]]]:
        """(number, unit, span of the number) of each week number, in order; the number is None when it is too
        large to be a week (see `model.week_number`)."""
        result: list[tuple[int | None, str, tuple[int, int]]] = []
        if DIGIT.search(text) is None:  # every week word has its number: most headings are passed at once
            return result
        for match in self.regex.finditer(text):
            group = match.lastindex or 0
            unit = self.units.get(group) or UNIT_OF.get(match.group(1).casefold(), "week")
            result.append((week_number(match.group(group)), unit, match.span(group)))
        return result

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where each number is, in order."""
        return [span for _, _, span in self.found(text)]

    def numbers(self, text: str) -> list[int | None]:
        return [number for number, _, _ in self.found(text)]

    def search(self, text: str) -> bool:
        return DIGIT.search(text) is not None and self.regex.search(text) is not None


@dataclass(frozen=True)
class Vocabulary:
    """The words that name sections, weeks and courses; the defaults, or what the configuration teaches.

    A week word may hold `{n}` where the number goes (`第{n}周`); otherwise the number follows the word
    (`week 3`, `week-03`, `semana01`).
    """

    readings: tuple[str, ...] = DEFAULT_READING_WORDS
    exercises: tuple[str, ...] = DEFAULT_EXERCISE_WORDS
    week_words: tuple[str, ...] = DEFAULT_WEEK_WORDS
    courses: tuple[tuple[str, str], ...] = ()  # (alias, course name)
    classify_items: bool = True  # an item under a heading that names no section is classified by itself

    @functools.cached_property
    def reading_heading(self) -> re.Pattern[str]:
        return _words(self.readings)

    @functools.cached_property
    def exercise_heading(self) -> re.Pattern[str]:
        return _words(self.exercises)

    @functools.cached_property
    def section_heading(self) -> re.Pattern[str]:
        """The earliest readings (group 1) or exercises (group 2) word of a heading."""
        return _either(self.readings, self.exercises)

    @functools.cached_property
    def week_in_title(self) -> WeekNumbers:
        """Week numbers in a title or heading."""
        return WeekNumbers.of(self.week_words, r"[ \t]*")

    @functools.cached_property
    def week_in_name(self) -> WeekNumbers:
        """Week numbers in a file or folder name."""
        return WeekNumbers.of(self.week_words, r"[ _-]?")

    @functools.cached_property
    def course_in_title(self) -> re.Pattern[str]:
        """ "Course - Week 3": group 1 is the course."""
        return re.compile(r"^(.*?\S)\s+[-–—|:]\s+(?:" + self.week_in_title.regex.pattern + ")", re.IGNORECASE)

    @functools.cached_property
    def course_names(self) -> dict[str, str]:
        return {alias.casefold(): name for alias, name in self.courses}

    def course(self, name: str) -> str:
        """The course's name, when `name` is one of its aliases."""
        return self.course_names.get(name.casefold(), name)

    def role_folder(self, name: str) -> bool:
        """A folder that holds notes without naming a course: a role folder, or a week or unit folder."""
        return name.casefold() in ROLE_FOLDERS or self.week_in_name.search(name)

    @functools.cached_property
    def telltale_words(self) -> tuple[str, ...]:
        """The longest word of every section word or phrase ("read" of "to read", "lire" of "à lire"),
        case-folded, less those that contain another ("readings" holds "reading"): a text without any of these
        has no heading that names a section. (The first word would be "to" or "à", in nearly every note.)"""
        words = {max(w.split(), key=len).casefold() for w in (*self.readings, *self.exercises) if w.split()}
        return tuple(sorted(w for w in words if not any(other != w and other in w for other in words)))

    @functools.cached_property
    def telltale_words_ascii(self) -> tuple[bytes, ...]:
        """The same, as bytes, for the words an ASCII text could contain."""
        return tuple(w.encode() for w in self.telltale_words if w.isascii())

    def classify(self, heading: str) -> Section:
        """A heading's section: the earliest readings or exercises word in it decides."""
        found = self.section_heading.search(heading)
        if found is None:
            return Section.OTHER
        return Section.READINGS if found.lastindex == 1 else Section.EXERCISES

    def heading(self, section: Section) -> str:
        """The heading `notes` writes for a section it adds: the built-in one ("Readings") when this
        vocabulary reads it as that section, else the first configured word that it does, capitalised
        ("Lecturas")."""
        words = {Section.READINGS: self.readings, Section.EXERCISES: self.exercises}.get(section, ())
        built_in = TASKS_HEADING if section is Section.OTHER else section.label
        candidates = (built_in, *(word[:1].upper() + word[1:] for word in words))
        return next((text for text in candidates if self.classify(text) is section), built_in)

    def week_title(self, week: int) -> str:
        """How `notes` names a week in a title it writes: "Week 3", else in the first week word this
        vocabulary reads back as that week ("Semana 3", "第3周")."""
        return self._week_in("Week", week, " ", self.week_in_title)

    def week_file(self, week: int) -> str:
        """How `notes` names a week in a file name it writes: "week-03", else in the first week word this
        vocabulary reads back as that week ("semana-03")."""
        return self._week_in("week", week, "-", self.week_in_name, padded=True)

    def _week_in(self, default: str, week: int, gap: str, reader: WeekNumbers, *, padded: bool = False) -> str:
        number = f"{week:02d}" if padded else str(week)
        candidates = [f"{default}{gap}{number}"]
        for word in self.week_words:
            if "{nn}" in word:
                candidates.append(word.replace("{nn}", f"{week:02d}"))
            elif "{n}" in word:
                candidates.append(word.replace("{n}", number))
            else:
                written = word[:1].upper() + word[1:] if default[:1].isupper() else word.casefold()
                candidates.append(NOT_WORD.sub(gap, written) + gap + number)
        return next((text for text in candidates if reader.numbers(text) == [week]), candidates[0])

    def names_other(self, heading: str) -> bool:
        """Whether a heading that names no section says its items are neither (`Learning Objectives`)."""
        return _other_heading().search(heading) is not None

    def explain(self, task: Task) -> str:
        """What decided a task's section, in words: the heading word, the item's word, its link, its parent."""
        if task.section_from == "heading":
            word = _earliest(task.heading or "", (self.reading_heading, self.exercise_heading, _other_heading()))
            return f"heading word “{word}”" if word else "a heading above"
        if task.section_from == "item":
            rules, text = _item_rules(), URL_IN_TEXT.sub(" ", task.text)
            verb = _earliest(text, (rules.reading_verb, rules.exercise_verb))
            word = verb or _earliest(text, (rules.noun,))
            return f"item word “{word}”" if word else "its parent item"
        if task.section_from == "link":
            host = URL_HOST.match(task.url or "")
            return f"link to {host.group(1) if host else task.url}"
        return "no heading word, item word or link"

    def classify_item(self, text: str, url: str | None) -> tuple[Section, str] | None:
        """An item's section by itself, and what decided ("item" for a word, "link" for its link): its
        leading verb, else the earliest noun it names, else its link; None without a cue (or when turned off)."""
        if not self.classify_items:
            return None
        rules = _item_rules()
        if "://" in text:  # what URL_IN_TEXT needs (most items have no bare URL: 1 us saved)
            text = URL_IN_TEXT.sub(" ", text)
        if rules.reading_verb.match(text):
            return Section.READINGS, "item"
        if rules.exercise_verb.match(text):
            return Section.EXERCISES, "item"
        noun = rules.noun.search(text)
        if noun is not None:
            return (Section.READINGS if noun.lastindex == 1 else Section.EXERCISES), "item"
        if url:
            host = URL_HOST.match(url)
            name = host.group(1).casefold() if host else ""
            if any(name == site or name.endswith("." + site) for site in PRACTICE_SITES):
                return Section.EXERCISES, "link"
            return Section.READINGS, "link"
        return None


def _earliest(text: str, patterns: tuple[re.Pattern[str], ...]) -> str | None:
    """The word (its capture group, if any) that comes first in `text` among the patterns' matches."""
    matches = [m for m in (p.search(text) for p in patterns) if m is not None]
    first = min(matches, key=lambda m: m.start(m.lastindex or 0), default=None)
    return first.group(first.lastindex or 0).strip() if first is not None else None


@dataclass(frozen=True)
class _ItemRules:
    reading_verb: re.Pattern[str]
    exercise_verb: re.Pattern[str]
    noun: re.Pattern[str]  # the earliest reading (group 1) or exercise (group 2) noun


@functools.cache
def _item_rules() -> _ItemRules:
    """Compiled when an item is first classified, not at start-up (10 ms)."""
    return _ItemRules(
        _leading(tuple(word for words in ITEM_WORDS.values() for word in words.reading_verbs)),
        _leading(tuple(word for words in ITEM_WORDS.values() for word in words.exercise_verbs)),
        _either(
            tuple(word for words in ITEM_WORDS.values() for word in words.reading_nouns),
            tuple(word for words in ITEM_WORDS.values() for word in words.exercise_nouns),
        ),
    )


@functools.cache
def _other_heading() -> re.Pattern[str]:
    return _words(joined(OTHER_WORDS))
