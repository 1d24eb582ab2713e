"""Stage 7, publish: swap a finished build into site/, or leave site/ exactly as it was."""

from generator.publish.swap import (
    PublishError,
    check_outputs,
    lost_urls,
    recover,
    remove_empty_folders,
    spare_folder,
    swap_in,
    workspace,
)

__all__ = [
    "PublishError",
    "check_outputs",
    "lost_urls",
    "recover",
    "remove_empty_folders",
    "spare_folder",
    "swap_in",
    "workspace",
]
