/**
 * Synthetic talking heads: the project's own training and evaluation data, with exact ground truth.
 *
 * <p>{@link io.reenact.model.data.SyntheticHeads} draws identities ({@link io.reenact.model.data.HeadIdentity})
 * and videos ({@link io.reenact.model.data.SyntheticVideo}) from one seed;
 * {@link io.reenact.model.data.HeadRenderer} ray-casts a posed head made of ellipsoids (cranium,
 * hinged jaw, nose, ears, hair, neck, shoulders) with features painted on the face and returns the
 * picture, the person's coverage mask and 68 landmarks ({@link io.reenact.model.data.Landmarks68}).
 * Because every frame of any identity can be rendered in any pose, evaluation can compare a
 * cross-driven output with the true image of the avatar in the driver's pose.
 *
 * <p>Conventions: images are square; landmarks are continuous pixel coordinates (pixel (i, j) covers
 * [i, i+1) × [j, j+1)); pose angles are radians (see {@link io.reenact.model.data.HeadPose});
 * identities of {@link io.reenact.model.data.Split#TRAIN}, {@code VALIDATION} and {@code TEST} never
 * coincide. Training code reads any {@link io.reenact.model.data.VideoDataset}: the synthetic one
 * renders on the fly, {@link io.reenact.model.data.FrameDirectoryDataset} reads real cropped frames.
 */
package io.reenact.model.data;
