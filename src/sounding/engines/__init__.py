"""Where the heavy, shardable steps of an analysis run: in this process, or on a Ray cluster.

The analysis core hands an `Engine` independent pieces of work (batches of texts to embed,
shards of texts to sketch for near-duplicates, blocks of responses to assign) and combines
what comes back in order, so every engine gives the same result.
"""
