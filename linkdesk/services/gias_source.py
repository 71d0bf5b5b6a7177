"""Reading a GIAS download as a stream of rows: the CSV, or the zip GIAS delivers it in.

Nothing holds the whole file: the text is decoded and parsed as it is read, so memory stays flat
however large the download. The encoding is found first (a byte-order mark, else UTF-8 if every
byte is valid UTF-8, else Windows-1252 as GIAS writes it); the pass that finds it stops at the
first byte that is not UTF-8. Every way a file can be malformed becomes a FileProblem naming the
row, never an exception from the csv or zip modules.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from linkdesk.errors import FileProblem

#: ``(bytes of the file read so far, its size)``; may raise Cancelled to stop the task.
Progress = Callable[[int, int], None]

#: Far beyond any GIAS download (about 60 MB for every establishment in England).
MAX_CSV_BYTES = 2 * 1024**3
MAX_ROWS = 1_000_000
#: How often (rows) progress is reported.
PROGRESS_EVERY = 2000
_CHUNK = 1024 * 1024
_ZIP_MAGIC = b"PK\x03\x04"
_EMPTY_ZIP = b"PK\x05\x06"
_STREAM_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError)


@dataclass(frozen=True)
class Row:
    line: int  # the line of the file the row starts on (the header is line 1)
    values: list[str]


class GiasFile:
    """A school list on disk, opened afresh for each pass over it."""

    def __init__(self, path: Path) -> None:
        self.path = path.expanduser()
        try:
            self.size = self.path.stat().st_size
            with self.path.open("rb") as handle:
                head = handle.read(4)
        except FileNotFoundError:
            raise FileProblem(f"There is no file at {path}.") from None
        except IsADirectoryError:
            raise FileProblem(f"{path} is a folder, not a school list.") from None
        except OSError as exc:
            raise FileProblem(f"Could not read {path}: {exc.strerror}.") from None
        self.member: str | None = None
        if head in (_ZIP_MAGIC, _EMPTY_ZIP):
            self.member = self._choose_member()
        elif self.path.suffix.lower() == ".zip":
            raise FileProblem(f"{self.path.name} is not a zip file that can be opened; download it again.")
        elif self.size > MAX_CSV_BYTES:
            raise FileProblem(f"{self.path.name} is {self.size:,} bytes, far larger than any GIAS download.")
        self._encoding: str | None = None

    @property
    def label(self) -> str:
        return f"{self.member} in {self.path.name}" if self.member else self.path.name

    # -- the zip GIAS delivers ------------------------------------------------------------------

    def _choose_member(self) -> str:
        try:
            with zipfile.ZipFile(self.path) as archive:
                # a damaged zip can list an entry with no name (ZipInfo.is_dir() then fails)
                members = [i for i in archive.infolist() if i.filename and not i.is_dir()]
                csvs = [i for i in members if i.filename.lower().endswith(".csv")]
                if not csvs:
                    names = ", ".join(i.filename for i in members[:5]) or "nothing"
                    raise FileProblem(f"The zip file {self.path.name} holds no CSV file (it holds {names}).")
                locked = [i for i in csvs if i.flag_bits & 0x1]
                if locked:
                    raise FileProblem(f"{locked[0].filename} in {self.path.name} is password-protected.")
                lists = [i for i in csvs if _looks_like_establishments(archive, i)]
        except zipfile.BadZipFile:
            raise FileProblem(f"The zip file {self.path.name} is damaged; download it again.") from None
        except (OSError, EOFError, zlib.error, NotImplementedError, RuntimeError) as exc:
            raise FileProblem(f"The zip file {self.path.name} could not be read ({_plain(exc)}).") from None
        if len(lists) > 1:
            preferred = [i for i in lists if Path(i.filename).name.lower().startswith("edubasealldata")]
            lists = preferred if len(preferred) == 1 else lists
        if len(lists) != 1:
            names = ", ".join(i.filename for i in (lists or csvs)[:5])
            what = "several school lists" if lists else "no GIAS school list (URN and EstablishmentName)"
            raise FileProblem(
                f"The zip file {self.path.name} holds {what}: {names}. Unzip it and import one."
            )
        info = lists[0]
        if info.file_size > MAX_CSV_BYTES:
            raise FileProblem(
                f"{info.filename} in {self.path.name} unpacks to {info.file_size:,} bytes, "
                "far larger than any GIAS download."
            )
        return info.filename

    @contextlib.contextmanager
    def _binary(self) -> Iterator[tuple[IO[bytes], Callable[[], int]]]:
        """The CSV's bytes, and how far into the file on disk reading has got."""
        with self.path.open("rb") as raw:
            if self.member is None:
                yield raw, raw.tell
                return
            try:
                with zipfile.ZipFile(raw) as archive, archive.open(self.member) as inner:
                    yield inner, raw.tell
            except zipfile.BadZipFile:
                raise FileProblem(f"The zip file {self.path.name} is damaged; download it again.") from None

    # -- encoding --------------------------------------------------------------------------------

    def encoding(self) -> str:
        """``utf-8-sig`` (with a byte-order mark), ``utf-8`` or ``cp1252``."""
        if self._encoding is None:
            self._encoding = self._sniff()
        return self._encoding

    def _sniff(self) -> str:
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            with self._binary() as (stream, _where):
                first = stream.read(_CHUNK)
                if first.startswith(codecs.BOM_UTF8):
                    return "utf-8-sig"
                chunk = first
                while chunk:
                    if not chunk.isascii():
                        decoder.decode(chunk)
                    chunk = stream.read(_CHUNK)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
        except _STREAM_ERRORS as exc:
            raise FileProblem(f"{self.label} could not be read to the end ({_plain(exc)}).") from None
        return "utf-8"

    # -- rows --------------------------------------------------------------------------------------

    def rows(self, progress: Progress | None = None) -> Iterator[Row]:
        """Every row with the line it starts on, the header first; FileProblem on any fault."""
        encoding = self.encoding()
        total = max(self.size, 1)
        with self._binary() as (stream, where):
            text = io.TextIOWrapper(stream, encoding=encoding, errors="strict", newline="")
            reader = csv.reader(text, strict=False)
            count = 0
            while True:
                start = reader.line_num + 1
                try:
                    values = next(reader)
                except StopIteration:
                    break
                except csv.Error as exc:
                    raise FileProblem(_csv_problem(start, exc)) from None
                except UnicodeDecodeError:
                    raise FileProblem(
                        f"Near line {start}: the file is neither UTF-8 nor Windows-1252 text; "
                        "save it again as CSV from the download."
                    ) from None
                except _STREAM_ERRORS as exc:
                    raise FileProblem(
                        f"Near line {start}: {self.label} could not be read ({_plain(exc)})."
                    ) from None
                count += 1
                if count > MAX_ROWS:
                    raise FileProblem(f"{self.label} has more than {MAX_ROWS:,} rows; no GIAS download has.")
                if progress is not None and count % PROGRESS_EVERY == 0:
                    progress(min(where(), total), total)
                yield Row(start, values)
            if progress is not None:
                progress(total, total)


def _looks_like_establishments(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether a CSV in the zip starts with a GIAS establishment header (not the links file)."""
    with archive.open(info) as inner:
        head = inner.read(4096).decode("cp1252", errors="replace")
    first = head.splitlines()[0] if head else ""
    columns = {c.strip().strip('"').lstrip("\ufeff").lstrip("ï»¿") for c in first.split(",")}
    return "URN" in columns and "EstablishmentName" in columns and "LinkURN" not in columns


def _csv_problem(line: int, exc: csv.Error) -> str:
    reason = str(exc)
    if "field larger than field limit" in reason:
        return (
            f"Row {line}: a field runs on for more than {csv.field_size_limit():,} characters; "
            "a quote mark probably opens a field that never closes. Nothing was imported."
        )
    if "NUL" in reason:
        return f"Row {line}: the row contains a NUL character, so this is not a text CSV file."
    return f"Row {line}: the CSV cannot be read ({reason}). Nothing was imported."


def _plain(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text[:120]
