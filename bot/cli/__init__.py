"""The `clearcall` command: `main` runs the bot; the operators' and flow authors' tools are sub-commands."""
