create temporary table "partitioned2reg__shale_rows" as select "city_id", "logdate", "peaktemp", "unitsales" from only "public"."partitioned2reg";

alter table "public"."measurement" drop column "extra";

drop table "public"."measurement_y2005m02";

drop table "public"."reg2partitioned";

drop table "public"."partitioned2reg";

create table "public"."reg2partitioned" (
    "city_id" integer not null,
    "logdate" date not null,
    "peaktemp" integer,
    "unitsales" integer
);

create table "public"."partitioned2reg" (
    "city_id" integer not null,
    "logdate" date not null,
    "peaktemp" integer,
    "unitsales" integer
) partition by RANGE (logdate);

alter table "public"."measurement" attach partition "public"."measurement_y2006m03" FOR VALUES FROM ('2006-03-01') TO ('2006-04-01');

insert into "public"."partitioned2reg" ("city_id", "logdate", "peaktemp", "unitsales") overriding system value select "city_id", "logdate", "peaktemp", "unitsales" from pg_temp."partitioned2reg__shale_rows";

drop table pg_temp."partitioned2reg__shale_rows";

CREATE INDEX measurement_y2006m02_logdate_idx ON public.measurement_y2006m02 USING btree (logdate);
