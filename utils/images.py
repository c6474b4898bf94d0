"""Tiny grayscale pictures drawn in code (no downloads) and the augmentations of 03_regularization.

Image batches follow the course's one exception to "examples are columns": shape (m, h, w),
picture index first, then rows (top to bottom), then columns (left to right). Pixel values are
floats in [0, 1], 0 black background, 1 white.

- ``make_pictures``: houses, cars and sailboats, each drawn so that a left-right flip shows
  (chimney on one side, car facing right, sail on one side of the mast) yet stays the same kind
  of object.
- ``random_rotations``: each picture turned by its own random small angle.
- ``random_zoom_crops``: each picture cut to a random window and scaled back up ("zoom in").

A horizontal flip is not here: it is an exercise of 03_regularization.
"""
import numpy as np

PICTURE_KINDS = ("house", "car", "sailboat")


def _check_rng(rng, where):
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"{where}: rng must be a numpy.random.Generator, got {type(rng).__name__}")


def _check_batch(images, where):
    images = np.asarray(images, dtype=float)
    if images.ndim != 3:
        raise ValueError(f"{where}: images must have shape (m, h, w), got {images.shape}")
    return images


def _draw(kind, height, width, dy, dx):
    """One picture of the given kind, shifted by (dy, dx) pixels; shape (height, width)."""
    rows, cols = np.mgrid[0:height, 0:width].astype(float)
    # Work in a 24 x 32 design grid scaled to the requested size.
    y = (rows - dy) * 24.0 / height
    x = (cols - dx) * 32.0 / width
    img = np.zeros((height, width))

    def box(y0, y1, x0, x1, value):
        img[(y >= y0) & (y < y1) & (x >= x0) & (x < x1)] = value

    if kind == "house":
        box(11, 21, 8, 24, 0.7)                                        # walls
        roof = (y >= 4) & (y < 11) & (np.abs(x - 16) <= (y - 4) * 9.0 / 7.0)
        img[roof] = 1.0
        box(3, 9, 19.5, 22, 0.9)                                       # chimney, right of the ridge
        box(15, 21, 10, 13.5, 0.2)                                     # door, left
        box(13, 16, 17, 21.5, 0.35)                                    # window, right
    elif kind == "car":
        box(12, 18, 4, 28, 0.8)                                        # body
        box(7, 12, 8, 19, 0.6)                                         # cabin, towards the back
        box(8, 11, 15, 18, 0.25)                                       # rear-side window
        box(13, 15, 26, 28, 1.0)                                       # headlight at the front (right)
        for cx in (9.0, 23.0):                                         # wheels
            img[(y - 18.5) ** 2 + (x - cx) ** 2 <= 7.0] = 0.4
    elif kind == "sailboat":
        hull = (y >= 17) & (y < 21) & (x >= 5 + (y - 17)) & (x < 27 - (y - 17))
        img[hull] = 0.7
        box(3, 17, 17, 18.5, 0.9)                                      # mast
        sail = (y >= 4) & (y < 16) & (x < 17) & (x >= 17 - (y - 4) * 10.0 / 12.0)
        img[sail] = 1.0                                                # sail on the left of the mast
        box(3, 5.5, 18.5, 22, 0.5)                                     # pennant, right of the mast
    else:
        raise ValueError(f"unknown picture kind {kind!r}; expected one of {PICTURE_KINDS}")
    return img


def make_pictures(m, rng, height=24, width=32):
    """m small grayscale pictures of houses, cars and sailboats, in random order and position.

    Inputs:
    - m: number of pictures (int >= 1)
    - rng: numpy.random.Generator (kinds, shifts of up to 2 pixels, brightness)
    - height, width: picture size in pixels (ints >= 8)

    Returns a tuple of:
    - images: float array of shape (m, height, width), values in [0, 1]
    - labels: int array of shape (m,), indices into PICTURE_KINDS
    """
    if isinstance(m, bool) or not isinstance(m, (int, np.integer)) or m < 1:
        raise ValueError(f"make_pictures: m must be a positive int, got {m!r}")
    if min(height, width) < 8:
        raise ValueError(f"make_pictures: height and width must be at least 8, got {height} x {width}")
    _check_rng(rng, "make_pictures")
    labels = np.arange(m) % len(PICTURE_KINDS)
    labels = rng.permutation(labels)
    images = np.empty((m, height, width))
    for i, label in enumerate(labels):
        dy, dx = rng.integers(-2, 3, size=2)
        images[i] = _draw(PICTURE_KINDS[label], height, width, dy, dx) * rng.uniform(0.75, 1.0)
    return images, labels


def _rotate(img, degrees):
    """Rotate one (h, w) picture about its centre (counter-clockwise), nearest neighbour, 0 fill."""
    h, w = img.shape
    theta = np.deg2rad(degrees)
    cy, cx = (h - 1) / 2.0, (w - 1) / 2.0
    rows, cols = np.mgrid[0:h, 0:w].astype(float)
    # Inverse map: the source pixel of each output pixel (rows grow downwards).
    src_c = np.cos(theta) * (cols - cx) - np.sin(theta) * (rows - cy) + cx
    src_r = np.sin(theta) * (cols - cx) + np.cos(theta) * (rows - cy) + cy
    r = np.rint(src_r).astype(int)
    c = np.rint(src_c).astype(int)
    inside = (r >= 0) & (r < h) & (c >= 0) & (c < w)
    out = np.zeros_like(img)
    out[inside] = img[r[inside], c[inside]]
    return out


def random_rotations(images, max_degrees, rng):
    """Turn each picture about its centre by its own angle drawn uniformly in [-max, max] degrees.

    Corners that come from outside the picture are filled with 0 (black).

    Inputs:
    - images: shape (m, h, w)
    - max_degrees: the largest angle, e.g. 15
    - rng: numpy.random.Generator

    Returns a tuple of:
    - rotated: new array of shape (m, h, w)
    - angles: shape (m,), the angle of each picture in degrees (positive = counter-clockwise)
    """
    images = _check_batch(images, "random_rotations")
    _check_rng(rng, "random_rotations")
    angles = rng.uniform(-max_degrees, max_degrees, size=images.shape[0])
    rotated = np.stack([_rotate(img, a) for img, a in zip(images, angles, strict=True)]) \
        if len(images) else images.copy()
    return rotated, angles


def random_zoom_crops(images, min_scale, rng):
    """Zoom in: cut each picture to a random window and scale it back to the full size.

    The window keeps the picture's aspect ratio; its side is a fraction s of the picture's,
    s drawn uniformly in [min_scale, 1], and its position is uniform among the windows that fit.
    The window is scaled back up to (h, w) by nearest-neighbour sampling.

    Inputs:
    - images: shape (m, h, w)
    - min_scale: smallest window side as a fraction of the picture, in (0, 1]
    - rng: numpy.random.Generator

    Returns a tuple of:
    - zoomed: new array of shape (m, h, w)
    - windows: int array of shape (m, 4), each row (top, left, window_h, window_w)
    """
    images = _check_batch(images, "random_zoom_crops")
    _check_rng(rng, "random_zoom_crops")
    if not 0 < min_scale <= 1:
        raise ValueError(f"random_zoom_crops: min_scale must be in (0, 1], got {min_scale!r}")
    m, h, w = images.shape
    zoomed = np.empty_like(images)
    windows = np.empty((m, 4), dtype=int)
    for i in range(m):
        s = rng.uniform(min_scale, 1.0)
        wh, ww = max(1, round(s * h)), max(1, round(s * w))
        top = int(rng.integers(0, h - wh + 1))
        left = int(rng.integers(0, w - ww + 1))
        r = top + (np.arange(h) * wh // h)
        c = left + (np.arange(w) * ww // w)
        zoomed[i] = images[i][np.ix_(r, c)]
        windows[i] = (top, left, wh, ww)
    return zoomed, windows
