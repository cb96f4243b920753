"""Generated from cablegraph.ttl by `python -m cablegraph.ontology.generate`; do not edit."""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class CG(DefinedNamespace):
    """The cablegraph vocabulary."""

    _fail = True
    _NS = Namespace("https://w3id.org/cablegraph/ns#")

    ArchivalLocation: URIRef  # class
    Catalogue: URIRef  # concept
    CipherNumber: URIRef  # concept
    ClassificationMark: URIRef  # class
    ClassificationMarks: URIRef  # scheme
    CopyDistribution: URIRef  # class
    CopyingProhibited: URIRef  # concept
    DescribedTelegram: URIRef  # class
    DispatchNumber: URIRef  # concept
    EmbeddedMessage: URIRef  # class
    Extraction: URIRef  # class
    Extractor: URIRef  # class
    Handling: URIRef  # class
    IncomingNumber: URIRef  # concept
    LandlineAndCipherOnly: URIRef  # concept
    NumberKind: URIRef  # class
    NumberKinds: URIRef  # scheme
    OutgoingNumber: URIRef  # concept
    Personal: URIRef  # concept
    Post: URIRef  # class
    PostHolding: URIRef  # class
    PublishedTranscript: URIRef  # concept
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
    UnstatedNumber: URIRef  # concept
    Urgent: URIRef  # concept
    VersionKind: URIRef  # class
    VersionKinds: URIRef  # scheme
    addressedToPost: URIRef  # property
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
    extractorVersion: URIRef  # property
    folios: URIRef  # property
    fond: URIRef  # property
    handling: URIRef  # property
    handlingAction: URIRef  # property
    holder: URIRef  # property
    inRecordSet: URIRef  # property
    numberKind: URIRef  # property
    opis: URIRef  # property
    post: URIRef  # property
    postPlace: URIRef  # property
    pseudonym: URIRef  # property
    pseudonymUsed: URIRef  # property
    recordId: URIRef  # property
    referencedNumber: URIRef  # property
    relayedIn: URIRef  # property
    repository: URIRef  # property
    sha256: URIRef  # property
    sourceFile: URIRef  # property
    sourceOffset: URIRef  # property
    timeOfDay: URIRef  # property
    unseen: URIRef  # property
    versionKey: URIRef  # property
    versionKind: URIRef  # property
    viaIntermediary: URIRef  # property
    viaPost: URIRef  # property
