"""utils.images: picture shapes and ranges, determinism, and what each augmentation does."""
import numpy as np
import pytest

from utils.images import PICTURE_KINDS, make_pictures, random_rotations, random_zoom_crops


@pytest.mark.parametrize("m", [1, 5, 30])
@pytest.mark.parametrize("size", [(24, 32), (16, 20)])
def test_pictures_shape_range_labels(m, size):
    images, labels = make_pictures(m, np.random.default_rng(0), height=size[0], width=size[1])
    assert images.shape == (m, *size) and images.dtype == np.float64
    assert labels.shape == (m,) and labels.dtype.kind == "i"
    assert images.min() >= 0 and images.max() <= 1
    assert set(labels) <= set(range(len(PICTURE_KINDS)))
    assert np.all(images.reshape(m, -1).max(axis=1) > 0.5), "every picture draws something"


def test_pictures_deterministic_and_seed_dependent():
    a, la = make_pictures(9, np.random.default_rng(3))
    b, lb = make_pictures(9, np.random.default_rng(3))
    c, _ = make_pictures(9, np.random.default_rng(4))
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(la, lb)
    assert not np.array_equal(a, c)


def test_every_kind_is_left_right_asymmetric():
    images, labels = make_pictures(30, np.random.default_rng(1))
    for kind in range(len(PICTURE_KINDS)):
        for img in images[labels == kind]:
            assert np.abs(img - img[:, ::-1]).sum() > 5, f"a {PICTURE_KINDS[kind]} looks the same mirrored"


def test_rotation_by_zero_is_identity_and_angles_in_range():
    images, _ = make_pictures(6, np.random.default_rng(2))
    same, angles = random_rotations(images, 0.0, np.random.default_rng(0))
    np.testing.assert_array_equal(same, images)
    rotated, angles = random_rotations(images, 15, np.random.default_rng(0))
    assert rotated.shape == images.shape and angles.shape == (6,)
    assert np.all(np.abs(angles) <= 15)
    assert not np.array_equal(rotated, images)
    assert rotated.min() >= 0 and rotated.max() <= 1


def test_rotation_by_180_degrees_turns_the_picture_over():
    from utils.images import _rotate

    image = np.random.default_rng(5).random((7, 9))
    np.testing.assert_allclose(_rotate(image, 180.0), image[::-1, ::-1])


def test_zoom_crops_windows_and_full_scale_identity():
    images, _ = make_pictures(8, np.random.default_rng(6))
    same, windows = random_zoom_crops(images, 1.0, np.random.default_rng(0))
    np.testing.assert_array_equal(same, images)
    assert np.all(windows == [0, 0, 24, 32])
    zoomed, windows = random_zoom_crops(images, 0.6, np.random.default_rng(1))
    assert zoomed.shape == images.shape and windows.shape == (8, 4)
    top, left, wh, ww = windows.T
    assert np.all(top >= 0) and np.all(left >= 0) and np.all(top + wh <= 24) and np.all(left + ww <= 32)
    assert np.all(wh >= round(0.6 * 24) - 1)
    for img, z, (t, l, h, w) in zip(images, zoomed, windows, strict=True):
        assert set(np.unique(z)) <= set(np.unique(img[t:t + h, l:l + w]))


@pytest.mark.parametrize("bad", [np.zeros((4, 4)), np.zeros((1, 2, 3, 4))])
def test_batches_must_be_three_dimensional(bad):
    with pytest.raises(ValueError, match=r"\(m, h, w\)"):
        random_rotations(bad, 10, np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"\(m, h, w\)"):
        random_zoom_crops(bad, 0.8, np.random.default_rng(0))
