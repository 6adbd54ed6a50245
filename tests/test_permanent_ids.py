from scripts.record_published_ids import LIST, current_ids, published_ids


def test_every_published_id_is_still_in_the_data():
    published = published_ids()
    assert published, f"{LIST.name} is empty: run scripts/record_published_ids.py"
    missing = sorted(set(published) - set(current_ids()))
    assert missing == [], "published rows must be retracted (status), never deleted or renamed"


def test_the_list_has_no_duplicates():
    published = published_ids()
    assert len(published) == len(set(published))
