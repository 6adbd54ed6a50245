"""Cut a release of the data:  make release VERSION=X.Y.Z  (or python scripts/release.py X.Y.Z).

It validates the package, writes releases/X.Y.Z.json (the rows added, changed and retracted since
the previous release, field by field), adds an entry to CHANGELOG-data.md, records the new row IDs
in published_ids.txt and sets the version in datapackage.json and CITATION.cff. Nothing is written
when the data is invalid, unchanged since the last release, or a published row was deleted.
"""

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import build_db  # noqa: E402
from scripts.record_published_ids import current_ids, published_ids  # noqa: E402
from tracker import releases  # noqa: E402


def set_version_lines(path, version, released):
    """The version (and date, in CITATION.cff) written where each file declares it, nothing else touched."""
    path = Path(path)
    if not path.exists():
        return
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        text = re.sub(r'^  "version": "[^"]*"', f'  "version": "{version}"', text, count=1, flags=re.M)
    else:
        for key, value in (("version", version), ("date-released", released)):
            line = f'{key}: "{value}"'
            text, found = re.subn(rf"^{key}: .*$", line, text, count=1, flags=re.M)
            text = text if found else text.rstrip("\n") + "\n" + line + "\n"
    path.write_text(text, encoding="utf-8")


def cut(package_path, version, released, published_list):
    """Write the release; return it. Raises build_db.DataErrors or releases.ReleaseError, having written nothing."""
    package_path = Path(package_path)
    base_dir = package_path.parent
    build_db.validate(package_path)
    package = build_db.load_package(package_path)
    release = releases.make_release(package, base_dir, version, released, published_ids(published_list))
    folder = base_dir / releases.RELEASES_DIR
    folder.mkdir(exist_ok=True)
    (folder / f"{version}.json").write_text(releases.release_json(release), encoding="utf-8")
    releases.add_to_changelog(base_dir / releases.CHANGELOG, releases.changelog_entry(release))
    known = set(published_ids(published_list))
    new_ids = [row_id for row_id in current_ids(base_dir) if row_id not in known]
    with open(published_list, "a", encoding="utf-8") as f:
        f.writelines(f"{row_id}\n" for row_id in new_ids)
    set_version_lines(package_path, version, released)
    set_version_lines(base_dir / "CITATION.cff", version, released)
    return release


def main(argv=None):
    parser = argparse.ArgumentParser(description="Cut a release of the data: change file, CHANGELOG entry, published IDs, version.")
    parser.add_argument("version", help="the new version, X.Y.Z")
    parser.add_argument("--package", default=str(ROOT / "datapackage.json"), help="path of the data package (default: datapackage.json)")
    parser.add_argument("--date", default=None, help="release date, YYYY-MM-DD (default: today, UTC)")
    parser.add_argument("--published", default=None, help="list of published IDs (default: published_ids.txt beside the package)")
    args = parser.parse_args(argv)
    package_path = Path(args.package)
    published_list = Path(args.published) if args.published else package_path.parent / "published_ids.txt"
    try:
        release = cut(package_path, args.version, args.date or releases.today(), published_list)
    except build_db.DataErrors as errors:
        print(errors, file=sys.stderr)
        print(f"{errors.count} problem(s); no release was made.", file=sys.stderr)
        return 1
    except releases.ReleaseError as error:
        print(f"No release was made: {error}", file=sys.stderr)
        return 1
    total = releases.counts(release)
    print(
        f"Release {release['version']} of {release['released']}: "
        + ", ".join(f"{n} {kind}" for kind, n in total.items())
        + f". Wrote {releases.RELEASES_DIR}/{release['version']}.json and {releases.CHANGELOG}; rebuild with `make build`.",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
