create temporary table "reg2partitioned__shale_rows" as select "city_id", "logdate", "peaktemp", "unitsales" from only "public"."reg2partitioned";

drop index "public"."measurement_y2006m02_logdate_idx";

alter table "public"."measurement" detach partition "public"."measurement_y2006m03";

drop table "public"."reg2partitioned";

drop table "public"."partitioned2reg";

create table "public"."measurement_y2005m02" partition of "public"."measurement" FOR VALUES FROM ('2005-02-01') TO ('2005-03-01');

create table "public"."reg2partitioned" (
    "city_id" integer not null,
    "logdate" date not null,
    "peaktemp" integer,
    "unitsales" integer
) partition by RANGE (logdate);

create table "public"."partitioned2reg" (
    "city_id" integer not null,
    "logdate" date not null,
    "peaktemp" integer,
    "unitsales" integer
);

alter table "public"."measurement" add column "extra" text;

insert into "public"."reg2partitioned" ("city_id", "logdate", "peaktemp", "unitsales") overriding system value select "city_id", "logdate", "peaktemp", "unitsales" from pg_temp."reg2partitioned__shale_rows";

drop table pg_temp."reg2partitioned__shale_rows";
