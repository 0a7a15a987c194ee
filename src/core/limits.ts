/*
 * Image size limits shared by the app and the command line, so both refuse or scale the same images.
 */

/** Refuse anything that would decode to more pixels than this (a 10,000² image is 400 MB of RGBA). */
export const MAX_DECODED_PIXELS = 50_000_000;

/** Longer side of the app's working image; larger photos are scaled down so attacks stay interactive. */
export const MAX_WORKING_SIDE = 1024;
