#!/bin/sh
# CRIU action script for relink through CRIU (docs/criu.md):
#   criu dump    --link-remap --action-script relink-action.sh -t PID -D DIR
#   criu restore              --action-script relink-action.sh -D DIR
# pre-dump gives every open file of PID's tree whose inode has no name one in its file system's
# relink directory, and lists them in DIR/relinked; post-restore removes those names again.
# criu-relink (criu-relink.c) does both; it must be on PATH.
case "$CRTOOLS_SCRIPT_ACTION" in
  pre-dump) exec criu-relink dump "$CRTOOLS_INIT_PID" "$CRTOOLS_IMAGE_DIR/relinked" ;;
  post-restore) exec criu-relink cleanup "$CRTOOLS_INIT_PID" "$CRTOOLS_IMAGE_DIR/relinked" ;;
esac
exit 0
