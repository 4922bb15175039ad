package io.expoleads.exhibitor.exhibitor;

/** What an exhibitor does, in the categories that fit a smart-city fair. */
public enum Sector {
    MOBILITY, ENERGY, WATER, WASTE, BUILDINGS, E_GOVERNMENT, SECURITY, HEALTH, EDUCATION, TELECOM, FINANCE, STARTUP,
    CITY_TERRITORY, OTHER
}
