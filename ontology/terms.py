"""Generated from cablegraph.ttl by `python -m cablegraph.ontology.generate`; do not edit."""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class CG(DefinedNamespace):
    """The cablegraph vocabulary."""

    _fail = True
    _NS = Namespace("https://w3id.org/cablegraph/ns#")

    AirDivision: URIRef  # concept
    ArchivalLocation: URIRef  # class
    Army: URIRef  # concept
    ArmyGroup: URIRef  # concept
    Battalion: URIRef  # concept
    Brigade: URIRef  # concept
    Catalogue: URIRef  # concept
    CipherNumber: URIRef  # concept
    ClassificationMark: URIRef  # class
    ClassificationMarks: URIRef  # scheme
    CopyDistribution: URIRef  # class
    CopyingProhibited: URIRef  # concept
    Corps: URIRef  # concept
    DescribedTelegram: URIRef  # class
    DispatchNumber: URIRef  # concept
    Division: URIRef  # concept
    EmbeddedMessage: URIRef  # class
    Extraction: URIRef  # class
    Extractor: URIRef  # class
    FighterDivision: URIRef  # concept
    Fleet: URIRef  # concept
    Front: URIRef  # concept
    Handling: URIRef  # class
    Headquarters: URIRef  # concept
    IncomingNumber: URIRef  # concept
    LandlineAndCipherOnly: URIRef  # concept
    NumberKind: URIRef  # class
    NumberKinds: URIRef  # scheme
    OutgoingNumber: URIRef  # concept
    Personal: URIRef  # concept
    Post: URIRef  # class
    PostHolding: URIRef  # class
    PublishedTranscript: URIRef  # concept
    Regiment: URIRef  # concept
    ScanTranscript: URIRef  # concept
    Secret: URIRef  # concept
    Special: URIRef  # concept
    Telegram: URIRef  # class
    TelegramNumber: URIRef  # class
    TextVersion: URIRef  # class
    TopPriority: URIRef  # concept
    TopSecret: URIRef  # concept
    Transcript: URIRef  # concept
    Translation: URIRef  # concept
    UnitMention: URIRef  # class
    UnitType: URIRef  # class
    UnitTypes: URIRef  # scheme
    UnstatedNumber: URIRef  # concept
    Urgent: URIRef  # concept
    VersionKind: URIRef  # class
    VersionKinds: URIRef  # scheme
    addressedToPost: URIRef  # property
    affiliation: URIRef  # property
    approximateDates: URIRef  # property
    archivalLocation: URIRef  # property
    asWritten: URIRef  # property
    buildFingerprint: URIRef  # property
    classificationMark: URIRef  # property
    confidence: URIRef  # property
    copy: URIRef  # property
    copyCount: URIRef  # property
    copyHolder: URIRef  # property
    copyNumber: URIRef  # property
    delo: URIRef  # property
    equipmentCount: URIRef  # property
    extractorVersion: URIRef  # property
    folios: URIRef  # property
    fond: URIRef  # property
    handling: URIRef  # property
    handlingAction: URIRef  # property
    holder: URIRef  # property
    inRecordSet: URIRef  # property
    mentionsOrganisation: URIRef  # property
    mentionsPlace: URIRef  # property
    mentionsUnit: URIRef  # property
    numberKind: URIRef  # property
    opis: URIRef  # property
    post: URIRef  # property
    postPlace: URIRef  # property
    pseudonym: URIRef  # property
    pseudonymUsed: URIRef  # property
    qualifier: URIRef  # property
    recordId: URIRef  # property
    referencedNumber: URIRef  # property
    relayedIn: URIRef  # property
    repository: URIRef  # property
    sha256: URIRef  # property
    sourceFile: URIRef  # property
    sourceOffset: URIRef  # property
    timeOfDay: URIRef  # property
    unitCount: URIRef  # property
    unitCountMax: URIRef  # property
    unitPlace: URIRef  # property
    unitType: URIRef  # property
    unseen: URIRef  # property
    versionKey: URIRef  # property
    versionKind: URIRef  # property
    viaIntermediary: URIRef  # property
    viaPost: URIRef  # property
