"""Chrome's own words: the installed locale packs, the Kazakh snapshot, the documented flows and their replay."""
