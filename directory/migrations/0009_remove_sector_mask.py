"""Drops sector_mask (issue 11): sectors live in the link tables only, and each facet
column gets a plain (status, column) index."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0008_sector_mask'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='challenge',
            name='challenge_status_cat_idx',
        ),
        migrations.RemoveIndex(
            model_name='hub',
            name='hub_status_kind_idx',
        ),
        migrations.RemoveIndex(
            model_name='hub',
            name='hub_status_dist_idx',
        ),
        migrations.RemoveIndex(
            model_name='institution',
            name='institution_status_kind_idx',
        ),
        migrations.RemoveIndex(
            model_name='institution',
            name='institution_status_dist_idx',
        ),
        migrations.RemoveIndex(
            model_name='policy',
            name='policy_status_kind_idx',
        ),
        migrations.RemoveIndex(
            model_name='policy',
            name='policy_status_stage_idx',
        ),
        migrations.RemoveField(
            model_name='challenge',
            name='sector_mask',
        ),
        migrations.RemoveField(
            model_name='hub',
            name='sector_mask',
        ),
        migrations.RemoveField(
            model_name='institution',
            name='sector_mask',
        ),
        migrations.RemoveField(
            model_name='policy',
            name='sector_mask',
        ),
        migrations.AddIndex(
            model_name='challenge',
            index=models.Index(fields=['status', 'category'], name='chal_status_category_idx'),
        ),
        migrations.AddIndex(
            model_name='hub',
            index=models.Index(fields=['status', 'kind'], name='hub_status_kind_idx'),
        ),
        migrations.AddIndex(
            model_name='hub',
            index=models.Index(fields=['status', 'district'], name='hub_status_district_idx'),
        ),
        migrations.AddIndex(
            model_name='institution',
            index=models.Index(fields=['status', 'kind'], name='inst_status_kind_idx'),
        ),
        migrations.AddIndex(
            model_name='institution',
            index=models.Index(fields=['status', 'district'], name='inst_status_district_idx'),
        ),
        migrations.AddIndex(
            model_name='policy',
            index=models.Index(fields=['status', 'kind'], name='poli_status_kind_idx'),
        ),
        migrations.AddIndex(
            model_name='policy',
            index=models.Index(fields=['status', 'stage'], name='poli_status_stage_idx'),
        ),
    ]
