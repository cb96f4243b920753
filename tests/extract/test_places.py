from cablegraph.extract import OrganisationFact, PlaceFact, parse_document, read_document, run_extractors


def places(context, text):
    document = parse_document(text, doc_id="places")
    return {p.place: p.as_written for p in run_extractors(document, context, ["places.v1"]).of_type(PlaceFact)}


def test_historic_and_inflected_names_resolve(context):
    found = places(
        context,
        "Высадка американцев в Чемульпо; фронт севернее Сеула; войска в Северную Корею.\n\nThe landing at Jemulpo.",
    )
    assert set(found) >= {"incheon", "seoul", "north-korea"}
    assert set(found["incheon"]) == {"Чемульпо", "Jemulpo"}


def test_the_destination_in_the_header_counts(context, seeds_dir):
    document = read_document(seeds_dir / "004_2d287dbd93c7e576.txt")
    found = {p.place: p for p in run_extractors(document, context, ["places.v1"]).of_type(PlaceFact)}
    assert {e.quote for e in found["beijing"].evidence} >= {"Peking", "ПЕКИН"}


def test_unknown_place_like_names_are_kept_with_low_confidence(context):
    document = parse_document("Бои идут в районе Тхэмунни и у деревни.\n", doc_id="unknown")
    [place] = run_extractors(document, context, ["places.v1"]).of_type(PlaceFact)
    assert place.place.startswith("u-") and place.as_written == ("Тхэмунни",)
    assert place.evidence[0].confidence < 0.5


def test_organisations(context, seeds_dir):
    document = read_document(seeds_dir / "002_8407d3f3e1911c0a.txt")
    found = {
        o.organisation: o for o in run_extractors(document, context, ["organisations.v1"]).of_type(OrganisationFact)
    }
    assert {"cc-ccp", "pla", "prc-government"} <= set(found)
    assert {"ЦК КПК", "CC CPC"} <= set(found["cc-ccp"].as_written)


def test_events_treaties_and_owner_states_are_not_place_mentions(context):
    from cablegraph.extract import parse_document, run_extractors
    from cablegraph.extract.facts import PlaceFact

    text = (
        "Telegram\n\nThe ministers discussed the Warsaw Pact and the Geneva Conference at length. "
        "The Embassy of Hungary sent a note to the Embassy in Cuba about the talks in Stalingrad and the DRV.\n"
    )
    places = {
        f.place for f in run_extractors(parse_document(text, doc_id="pl"), context).facts if isinstance(f, PlaceFact)
    }
    assert {"cuba", "stalingrad", "north-vietnam"} <= places
    assert not {"warsaw", "geneva", "hungary"} & places
    assert context.gazetteer.places["stalingrad"].label == "Stalingrad"
    assert context.gazetteer.lookup("Volgograd").id == "volgograd"
