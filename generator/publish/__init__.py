"""Stage 7, publish: swap a finished build into site/, or leave site/ exactly as it was."""

from generator.publish.swap import (
    lost_urls,
    remove_empty_folders,
    spare_folder,
    swap_in,
    workspace,
)

__all__ = ["lost_urls", "remove_empty_folders", "spare_folder", "swap_in", "workspace"]
