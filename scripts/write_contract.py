"""Write the event contract's character tables for the pages (make contract).

    python scripts/write_contract.py

overrides/assets/javascripts/support/characters.js is generated from
helpsite/events/contract.py and committed (node tests and the pages import it);
a test fails while it differs from what the contract generates.
"""

from helpsite.events.contract import characters_module
from helpsite.paths import FRONT_END

CHARACTERS = FRONT_END / "javascripts" / "support" / "characters.js"

if __name__ == "__main__":
    CHARACTERS.write_text(characters_module(), encoding="utf-8")
    print(f"{CHARACTERS.relative_to(FRONT_END.parents[1])}: {CHARACTERS.stat().st_size:,} bytes")
