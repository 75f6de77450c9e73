"""Two constructed editions in which each kind of change happens once, shared by the diff tests."""

# The blocks of two constructed editions.  Each kind of change happens once;
# the words of the added and the deleted block are found nowhere else, so that
# nothing can take them for another block.
KEPT = "Harbour pilots guided the trawlers past the lighthouse at dusk."
EDITED_OLD = "With a delay of 60 years the railway finally reached the mountain village."
EDITED_NEW = "With a delay of 70 years the railway finally reached the mountain village."
MOVED = "Bakers in the old quarter rise before dawn to knead their dough."
DELETED = "Astronomers catalogued seventeen comets during one winter survey."
SPLIT_FIRST = "The committee met twice in March and argued about money for books."
SPLIT_SECOND = "Eventually it approved funding for a new library wing."
MERGED_FIRST = "Rivers flood the plains each spring."
MERGED_SECOND = "Farmers welcome the silt it leaves behind."
KEPT_2 = "Weavers sold scarves at the Saturday market."
ADDED = "Volunteers repainted chapel doors bright green."
KEPT_3 = "Schoolchildren planted oak saplings along the canal towpath."

# Old: 0 KEPT, 1 EDITED, 2 MOVED, 3 DELETED, 4 SPLIT (one block), 5-6 MERGED (two blocks), 7 KEPT_2, 8 KEPT_3.
OLD_BLOCKS = [KEPT, EDITED_OLD, MOVED, DELETED, f"{SPLIT_FIRST} {SPLIT_SECOND}", MERGED_FIRST, MERGED_SECOND,
              KEPT_2, KEPT_3]
# New: 0 KEPT, 1 EDITED, 2-3 SPLIT (two blocks), 4 MERGED (one block), 5 KEPT_2, 6 ADDED, 7 KEPT_3, 8 MOVED.
NEW_BLOCKS = [KEPT, EDITED_NEW, SPLIT_FIRST, SPLIT_SECOND, f"{MERGED_FIRST} {MERGED_SECOND}", KEPT_2, ADDED,
              KEPT_3, MOVED]
