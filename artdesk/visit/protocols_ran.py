"""Which protocol versions a visit ran, kept with it and read back (issue 13 item 4).

Opening a treatment keeps the exact text of every protocol its plan runs (by SHA-256, the
digest the plan carries in the sealed journal). Reading a visit back, :meth:`ProtocolsRan.ran`
gives a library of those texts, so its papers, the visit view and the wrap-up show what was
done then, whatever the library says today. A visit from before this (no digest in its plan)
reads today's protocol of that id, as it always did.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

from artdesk.protocols import Library, Protocol
from artdesk.protocols.loader import parse_protocol
from artdesk.store.errors import DamagedRecord, InvalidInput
from artdesk.store.protocol_versions import ProtocolText, ProtocolVersionRepository
from artdesk.treatment import PlannedStructure, VisitState


@lru_cache(maxsize=256)
def _parsed(digest: str, content: str) -> Protocol:
    protocol, problems = parse_protocol(content, f"kept protocol {digest[:12]}", rules=False)
    if protocol is None:  # valid when kept; read without today's clinical rules
        raise DamagedRecord(
            "a kept protocol no longer reads: " + "; ".join(str(p) for p in problems[:2])
        )
    return protocol


class ProtocolsRan:
    """Mixed into :class:`~artdesk.visit.flow.VisitFlow`."""

    protocol_versions: ProtocolVersionRepository
    library: Library | None

    def texts_for(self, plan: Sequence[PlannedStructure]) -> tuple[ProtocolText, ...]:
        """The texts a plan runs, from the library it was made from (to keep with the visit).
        Without a library (a bare flow in a script) nothing is kept."""
        if self.library is None:
            return ()
        out: dict[str, ProtocolText] = {}
        for step in plan:
            if not step.protocol_digest or step.protocol_digest in out:
                continue
            protocol = self.library.by_digest(step.protocol_digest)
            if protocol is None:
                raise InvalidInput(
                    f"{step.protocol_name} changed in the library after this visit was planned: "
                    "choose it again"
                )
            origin = self.library.origins.get(protocol.id, "shipped")
            out[step.protocol_digest] = ProtocolText.of(protocol, origin)
        return tuple(out.values())

    def keep_protocols(self, protocols: Iterable[Protocol], clinician_id: int | None) -> int:
        """Keep these versions (the clinic saved them); how many were new."""
        origins = self.library.origins if self.library is not None else {}
        return self.protocol_versions.keep(
            [ProtocolText.of(p, origins.get(p.id, "clinic")) for p in protocols], clinician_id
        )

    def ran(self, state: VisitState, library: Library) -> Library:
        """The protocols this visit ran, as it ran them: the kept text for each digest in its
        plan, today's ``library`` for a plan step without one (or a text never kept)."""
        plans = [r.plan for r in state.records]
        kept = self.protocol_versions.texts(p.protocol_digest for p in plans)
        out = Library()
        for plan in plans:
            if plan.protocol_id in out.protocols:
                continue
            content = kept.get(plan.protocol_digest)
            if content is not None:
                protocol = _parsed(plan.protocol_digest, content)
                out.origins[protocol.id] = "kept"
            elif plan.protocol_id in library.protocols:
                protocol = library.protocols[plan.protocol_id]
                out.origins[protocol.id] = library.origins.get(protocol.id, "shipped")
            else:
                continue
            out.protocols[protocol.id] = protocol
        return out
