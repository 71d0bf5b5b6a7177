"""Recording an outcome measure against a CYP, and reading a CYP's results back.

The score is computed once, when the form is entered, and stored with the raw responses and its
provenance (definition version, band schemes, cut-off set, norm table, prorated scores). Stored
scores are never recomputed silently: a later definition version leaves old results as they were.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from linkdesk.domain.records import Record
from linkdesk.errors import ValidationError
from linkdesk.measures import MeasureRegistry, ScoringContext
from linkdesk.measures.responses import split_responses
from linkdesk.services.records import RecordService


@dataclass(frozen=True)
class MeasurePoint:
    record: Record
    scores: dict[str, Any]
    bands: dict[str, Any]
    flags: list[str]
    #: The whole stored result document (scores, bands, unverified, provenance ...).
    document: dict[str, Any] = field(default_factory=dict)


class MeasureRecords:
    def __init__(self, records: RecordService, registry: MeasureRegistry) -> None:
        self.records = records
        self.registry = registry

    def record(
        self,
        cyp_id: str,
        measure_id: str,
        responses: str,
        *,
        informant: str | None,
        time_point: str | None,
        date: str | None,
        context: ScoringContext | None = None,
        record_id: str | None = None,
    ) -> Record:
        """Score and store one administration; refused (nothing stored) when anything is missing."""
        for name, value in (("informant", informant), ("time_point", time_point), ("date", date)):
            if not value:
                raise ValidationError(
                    f"{name}: recording a measure needs the {name.replace('_', ' ')}.", name
                )
        definition = self.registry.get(measure_id)
        result = self.registry.score(definition.id, split_responses(responses), context or ScoringContext())
        document = {**result.to_json(), "provenance": _provenance(result.provenance)}
        return self.records.add(
            "measure_result",
            {
                "cyp_id": cyp_id,
                "measure": definition.id,
                "informant": informant,
                "time_point": time_point,
                "date": date,
                "responses": responses,
                "result": json.dumps(document, sort_keys=True),
                "definition_version": str(definition.version),
            },
            record_id=record_id,
        )

    def history(self, cyp_id: str, measure_id: str | None = None) -> list[MeasurePoint]:
        """A CYP's current (not entered-in-error) results, oldest first."""
        found = [
            r
            for r in self.records.find("measure_result", {"cyp_id": cyp_id})
            if r.get("status") != "entered_in_error"
            and (measure_id is None or r.get("measure") == measure_id)
        ]
        found.sort(key=lambda r: (r.get("date"), r.id))
        points = []
        for record in found:
            document = json.loads(record.get("result"))
            points.append(
                MeasurePoint(record, document["scores"], document["bands"], document["flags"], document)
            )
        return points


def _provenance(provenance: Any) -> dict[str, Any]:
    return {
        key: list(value) if isinstance(value, tuple) else value for key, value in vars(provenance).items()
    }
