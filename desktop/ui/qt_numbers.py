"""The few Qt values the window's first paint needs, as the plain numbers Qt defines them
(qnamespace.h). Naming PySide6's `Qt` makes the whole namespace at once, all 96 of its enums: 11 ms
of the start (20 on a slow machine), so the code that runs before the first paint does not name it;
the charts, the grid and every dialog use `Qt` as usual, after it. A test checks each number against
`Qt` itself."""

DISPLAY_ROLE = 0          # Qt.ItemDataRole.DisplayRole
TOOLTIP_ROLE = 3          # Qt.ItemDataRole.ToolTipRole
ALIGNMENT_ROLE = 7        # Qt.ItemDataRole.TextAlignmentRole
USER_ROLE = 256           # Qt.ItemDataRole.UserRole

ALIGN_LEFT = 0x1          # Qt.AlignmentFlag.AlignLeft
ALIGN_RIGHT = 0x2         # Qt.AlignmentFlag.AlignRight
ALIGN_HCENTER = 0x4       # Qt.AlignmentFlag.AlignHCenter
ALIGN_VCENTER = 0x80      # Qt.AlignmentFlag.AlignVCenter
ALIGN_CENTER = ALIGN_HCENTER | ALIGN_VCENTER

TOOL_BUTTON_TEXT_ONLY = 1  # Qt.ToolButtonStyle.ToolButtonTextOnly (set as a property: an int)
