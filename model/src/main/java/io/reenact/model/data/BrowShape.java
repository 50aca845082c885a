package io.reenact.model.data;

/** Eyebrow centre-line shapes. */
public enum BrowShape {
    STRAIGHT, ARCHED, ANGLED
}
