"""The cablegraph concepts that facts name by a code: classification marks and kinds of military formation.

Extraction writes a code ("top secret", "air-division"); the graph stores the concept; the service and the
catalogue read the code back. All three sides use these tables, so they live with the vocabulary.
"""

from cablegraph.ontology.terms import CG

CLASSIFICATION_MARKS = {
    "top secret": CG.TopSecret,
    "secret": CG.Secret,
    "personal": CG.Personal,
    "special": CG.Special,
    "top priority": CG.TopPriority,
    "urgent": CG.Urgent,
    "landline and cipher only": CG.LandlineAndCipherOnly,
    "copying prohibited": CG.CopyingProhibited,
}
UNIT_TYPES = {
    "division": CG.Division,
    "air-division": CG.AirDivision,
    "fighter-division": CG.FighterDivision,
    "corps": CG.Corps,
    "army": CG.Army,
    "army-group": CG.ArmyGroup,
    "regiment": CG.Regiment,
    "brigade": CG.Brigade,
    "battalion": CG.Battalion,
    "headquarters": CG.Headquarters,
    "fleet": CG.Fleet,
    "front": CG.Front,
    "battery": CG.Battery,
    "air-group": CG.AirGroup,
    "group-of-forces": CG.GroupOfForces,
    "armed-forces": CG.ArmedForces,
}
