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
    DispatchNumber: URIRef  # concept
    EmbeddedMessage: URIRef  # class
    Extraction: URIRef  # class
    Extractor: URIRef  # class
    IncomingNumber: URIRef  # concept
    NumberKind: URIRef  # class
    NumberKinds: URIRef  # scheme
    OutgoingNumber: URIRef  # concept
    Post: URIRef  # class
    PostHolding: URIRef  # class
    PublishedTranscript: URIRef  # concept
    ScanTranscript: URIRef  # concept
    Telegram: URIRef  # class
    TelegramNumber: URIRef  # class
    TextVersion: URIRef  # class
    Transcript: URIRef  # concept
    Translation: URIRef  # concept
    UnstatedNumber: URIRef  # concept
    VersionKind: URIRef  # class
    VersionKinds: URIRef  # scheme
    addressedToPost: URIRef  # property
    approximateDates: URIRef  # property
    archivalLocation: URIRef  # property
    asWritten: URIRef  # property
    buildFingerprint: URIRef  # property
    confidence: URIRef  # property
    delo: URIRef  # property
    extractorVersion: URIRef  # property
    folios: URIRef  # property
    fond: URIRef  # property
    holder: URIRef  # property
    inRecordSet: URIRef  # property
    numberKind: URIRef  # property
    opis: URIRef  # property
    post: URIRef  # property
    postPlace: URIRef  # property
    pseudonym: URIRef  # property
    pseudonymUsed: URIRef  # property
    recordId: URIRef  # property
    relayedIn: URIRef  # property
    repository: URIRef  # property
    sha256: URIRef  # property
    sourceFile: URIRef  # property
    sourceOffset: URIRef  # property
    versionKey: URIRef  # property
    versionKind: URIRef  # property
    viaIntermediary: URIRef  # property
    viaPost: URIRef  # property
