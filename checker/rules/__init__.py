"""The rule catalogue (LANGUAGE.md §6): every code, listed here explicitly, in one table.

Nothing registers itself on import: a rule exists because this table names it, as in
yamllint's rule table. ``confide rules``, ``confide explain``, the SARIF rule descriptors and
the generated docs all read :data:`CATALOGUE`. A withdrawn code goes into ``RETIRED`` so it is
never reused (old waivers would silently hide a new rule).
"""

from __future__ import annotations

from confide import inputs
from confide.findings import Catalogue, Rule
from confide.rules import consent, dp, fdap, jurisdiction, law, review, structure, vague, yp

RETIRED: frozenset[str] = frozenset()

RULES: tuple[Rule, ...] = (
    law.automatic_referral, law.must_cites_non_duty, law.threshold_below_duty, law.unknown_or_unbinding_law,
    law.unmet_duty, law.step_tips_off, law.policy_not_duty, law.law_not_relevant,
    review.review_overdue,
    fdap.limits_not_explained, fdap.no_consent_without_justification, fdap.no_seek_consent, fdap.no_supervisor,
    fdap.no_inform_client, fdap.publish_identifying, fdap.records_not_secure,
    dp.more_than_necessary, dp.special_category_without_basis, dp.decision_not_recorded,
    yp.youth_referral_without_assessment, yp.parents_told, yp.parent_decides,
    consent.blanket_consent, consent.family_not_named, consent.opt_out_outside_direct_care, consent.best_interests,
    structure.contradictory, structure.onward_sharing, structure.unused_declaration,
    vague.vague, vague.label_not_borne_out,
    jurisdiction.partial_library,
)

CATALOGUE = Catalogue(inputs.CODES + RULES, retired=RETIRED)
